"""CloudFormation export, HTML tables (escaped), graph rendering and default-backend selection."""

from __future__ import annotations

import sys
import uuid

import pytest
import yaml

from asl_lsp.sdk.backends import AwsBackend
from asl_lsp.sdk.backends.base import BackendError
from asl_lsp.sdk.steps import Chain, Pass, Succeed
from asl_lsp.sdk.tables import events_table
from asl_lsp.sdk.workflow import Workflow, default_backend

HOSTILE = "<script>alert('x')</script> & \"quotes\""


def test_cloudformation_template(role: str) -> None:
    workflow = Workflow(
        "Orders",
        Chain([Pass("A"), Succeed("B")]),
        role,
        tags=[{"Key": "team", "Value": "data"}],
        type="EXPRESS",
        timeout_seconds=300,
        comment="orders flow",
    )
    template = yaml.safe_load(workflow.get_cloudformation_template())
    assert template["AWSTemplateFormatVersion"] == "2010-09-09"
    resource = template["Resources"]["StateMachineComponent"]
    assert resource["Type"] == "AWS::StepFunctions::StateMachine"
    props = resource["Properties"]
    assert props["StateMachineName"] == "Orders"
    assert props["StateMachineType"] == "EXPRESS"
    assert props["RoleArn"] == role
    assert props["Tags"] == [{"Key": "team", "Value": "data"}]
    assert props["Definition"] == workflow.definition.to_dict()
    assert props["Definition"]["TimeoutSeconds"] == 300
    assert props["Definition"]["Comment"] == "orders flow"


def test_events_html_is_escaped(aws: AwsBackend, role: str) -> None:
    workflow = Workflow(
        f"escape-{uuid.uuid4().hex[:6]}", Pass("P", result={"html": HOSTILE}), role, backend=aws
    )
    workflow.create()
    execution = workflow.execute(inputs={"note": HOSTILE})
    assert execution.get_output(wait=True, timeout=30) == {"html": HOSTILE}
    table = execution.list_events(html=True)
    html = table._repr_html_()  # type: ignore[union-attr]
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert len(table) == len(execution.list_events())  # type: ignore[arg-type]
    text = table.to_text()  # type: ignore[union-attr]
    assert text.splitlines()[0].split()[:3] == ["ID", "Type", "Step"]
    executions_html = workflow.list_executions(html=True)._repr_html_()  # type: ignore[union-attr]
    assert "SUCCEEDED" in executions_html


def test_events_table_columns() -> None:
    from datetime import datetime, timedelta, timezone

    t0 = datetime(2024, 1, 1, tzinfo=timezone.utc)
    events = [
        {
            "id": 1,
            "type": "ExecutionStarted",
            "timestamp": t0,
            "executionStartedEventDetails": {"input": "{}"},
        },
        {
            "id": 2,
            "type": "TaskScheduled",
            "timestamp": t0 + timedelta(milliseconds=250),
            "taskScheduledEventDetails": {
                "resourceType": "lambda",
                "resource": "invoke",
                "region": "us-east-1",
            },
        },
        {
            "id": 3,
            "type": "TaskStateEntered",
            "timestamp": t0 + timedelta(seconds=1),
            "stateEnteredEventDetails": {"name": "Call", "input": "{}"},
        },
    ]
    table = events_table(events)
    assert table.rows[1][:5] == ["2", "TaskScheduled", "", "lambda:invoke", "250"]
    assert table.rows[2][2] == "Call" and table.rows[2][4] == "1000"


def test_render_graph_directions(role: str) -> None:
    workflow = Workflow("G", Chain([Pass("First"), Succeed("Last")]), role)
    landscape = workflow.render_graph()
    portrait = workflow.render_graph(portrait=True)
    assert "First" in landscape._repr_html_() and "Last" in portrait._repr_html_()
    assert landscape.direction == "LR" and portrait.direction == "TB"


def test_render_graph_without_renderer(role: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "asl_lsp.graph.render", None)
    with pytest.raises(NotImplementedError, match="graph rendering is not available"):
        Workflow("G", Pass("P"), role).render_graph()


def test_default_backend_selection(moto_server: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASL_SDK_TARGET", "aws")
    assert isinstance(default_backend(), AwsBackend)
    monkeypatch.setenv("ASL_SDK_TARGET", "mars")
    with pytest.raises(BackendError, match="ASL_SDK_TARGET must be"):
        default_backend()
    monkeypatch.setenv("ASL_SDK_TARGET", "local")
    monkeypatch.setitem(sys.modules, "asl_lsp.sdk.backends.local", None)
    with pytest.raises(BackendError, match="local engine backend is not available"):
        Workflow("W", Pass("P"), "role").create()
