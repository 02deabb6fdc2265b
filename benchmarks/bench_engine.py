"""Local engine throughput against moto's interpreter (in-process) on the same definitions.

Workloads: a 1,000-state Pass chain, a Map over 3,000 items with a Python task handler (seven
history events per item: more items would pass AWS's 25,000-event history limit, which the
engine applies), a
Parallel of 50 branches; plus the 1,000-item Map the engine must finish in under a second.
"Transitions" are state entries (StateEntered events). moto cannot call a Python handler, so its
Map iterations run a Pass state; its Map is measured on fewer items (it is slow) and scaled by
rate. Run: ``.venv/bin/python benchmarks/bench_engine.py [--quick]``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import time
from typing import Any

from asl_lsp.engine import run_definition

TASK = "arn:aws:states:::bench:task"


def pass_chain(n: int) -> dict[str, Any]:
    states = {f"S{i}": {"Type": "Pass", "Next": f"S{i + 1}"} for i in range(n - 1)}
    states[f"S{n - 1}"] = {"Type": "Pass", "End": True}
    return {"StartAt": "S0", "States": states}


def map_over(task: bool) -> dict[str, Any]:
    inner = (
        {"Type": "Task", "Resource": TASK, "End": True}
        if task
        else {"Type": "Pass", "Parameters": {"double.$": "States.MathAdd($.n, $.n)"}, "End": True}
    )
    return {
        "StartAt": "M",
        "States": {
            "M": {
                "Type": "Map",
                "ItemsPath": "$.items",
                "End": True,
                "ItemProcessor": {"StartAt": "Work", "States": {"Work": inner}},
            }
        },
    }


def parallel(n: int) -> dict[str, Any]:
    return {
        "StartAt": "P",
        "States": {
            "P": {
                "Type": "Parallel",
                "End": True,
                "Branches": [
                    {
                        "StartAt": f"B{i}",
                        "States": {f"B{i}": {"Type": "Pass", "Result": i, "End": True}},
                    }
                    for i in range(n)
                ],
            }
        },
    }


def handler(value: Any) -> Any:
    return {"double": value["n"] * 2}


def items(n: int) -> dict[str, Any]:
    return {"items": [{"n": i} for i in range(n)]}


def local(definition: dict[str, Any], input_: Any) -> tuple[float, int]:
    started = time.perf_counter()
    r = run_definition(definition, input_, tasks={TASK: handler}, clock="virtual")
    elapsed = time.perf_counter() - started
    assert r.succeeded, (r.error, r.cause)
    return elapsed, sum(1 for e in r.events if e["type"].endswith("StateEntered"))


class Moto:
    def __init__(self) -> None:
        import boto3
        from moto import mock_aws

        logging.getLogger("moto").setLevel(logging.CRITICAL)
        self._mock = mock_aws(
            config={
                "stepfunctions": {"execute_state_machine": True},
                "lambda": {"use_docker": False},
            }
        )  # type: ignore[arg-type]
        self._mock.start()
        self.client = boto3.client("stepfunctions", region_name="us-east-1")
        self.count = 0

    def run(self, definition: dict[str, Any], input_: Any) -> tuple[float, int]:
        self.count += 1
        arn = self.client.create_state_machine(
            name=f"bench{self.count}",
            definition=json.dumps(definition),
            roleArn="arn:aws:iam::123456789012:role/bench",
        )["stateMachineArn"]
        noise = io.StringIO()
        with contextlib.redirect_stdout(noise), contextlib.redirect_stderr(noise):
            started = time.perf_counter()
            ex = self.client.start_execution(
                stateMachineArn=arn, name="b", input=json.dumps(input_)
            )["executionArn"]
            while self.client.describe_execution(executionArn=ex)["status"] == "RUNNING":
                time.sleep(0.002)
            elapsed = time.perf_counter() - started
        status = self.client.describe_execution(executionArn=ex)["status"]
        assert status == "SUCCEEDED", status
        events = self.client.get_execution_history(executionArn=ex, maxResults=1000)
        entered = 0
        while True:
            entered += sum(1 for e in events["events"] if e["type"].endswith("StateEntered"))
            token = events.get("nextToken")
            if not token:
                break
            events = self.client.get_execution_history(
                executionArn=ex, maxResults=1000, nextToken=token
            )
        return elapsed, entered

    def close(self) -> None:
        self._mock.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller moto workloads")
    args = parser.parse_args()
    moto_map_items = 200 if args.quick else 1000
    workloads = [
        ("pass chain x1000", pass_chain(1000), {}, pass_chain(1000), {}),
        (
            "map x3000 (handler)",
            map_over(True),
            items(3_000),
            map_over(False),
            items(moto_map_items),
        ),
        ("parallel x50", parallel(50), {}, parallel(50), {}),
    ]
    peer = Moto()
    rows = []
    try:
        for name, local_def, local_in, moto_def, moto_in in workloads:
            l_time, l_trans = local(local_def, local_in)
            m_time, m_trans = peer.run(moto_def, moto_in)
            rows.append((name, l_trans / l_time, l_time, m_trans / m_time, m_time, m_trans))
    finally:
        peer.close()
    map_1000, _ = local(map_over(True), items(1000))
    print(
        f"{'workload':<22}{'local tr/s':>12}{'local s':>9}{'moto tr/s':>12}{'moto s':>9}"
        f"{'ratio':>8}"
    )
    for name, l_rate, l_time, m_rate, m_time, _ in rows:
        print(
            f"{name:<22}{l_rate:>12,.0f}{l_time:>9.3f}{m_rate:>12,.0f}{m_time:>9.3f}"
            f"{l_rate / m_rate:>7.1f}x"
        )
    print(f"1,000-item Map with a Python handler: {map_1000:.3f} s (target < 1 s)")
    print(f"(moto's Map measured on {moto_map_items} items; rates are transitions per second)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
