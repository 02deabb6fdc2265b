"""Definitions shared by the end-to-end tests (kept small so positions are easy to check)."""

from __future__ import annotations

BROKEN = """{
  "StartAt": "Start",
  "States": {
    "Start": {
      "Type": "Pass",
      "Next": "Procss"
    },
    "Process": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Next": "Finish"
    },
    "Finish": {
      "Type": "Succeed"
    }
  }
}
"""

GOOD = """{
  "StartAt": "Start",
  "States": {
    "Start": {
      "Type": "Pass",
      "Result": {"n": 1},
      "Next": "Process"
    },
    "Process": {
      "Type": "Pass",
      "Assign": {"count": 2},
      "Next": "Finish"
    },
    "Finish": {
      "Type": "Pass",
      "Parameters": {"total.$": "$count"},
      "End": true
    }
  }
}
"""

GOOD_YAML = """StartAt: Start
States:
  Start:
    Type: Pass
    Next: Process
  Process:
    Type: Pass
    Next: Finish
  Finish:
    Type: Succeed
"""

DUPLICATE = """{
  "StartAt": "A",
  "States": {
    "A": {"Type": "Pass", "Next": "B"},
    "B": {"Type": "Succeed"},
    "B": {"Type": "Succeed"}
  }
}
"""

# Non-ASCII letters and an emoji (outside the BMP: two UTF-16 units, four UTF-8 bytes).
UNICODE = """{
  "StartAt": "Étape 🚀",
  "States": {
    "Étape 🚀": {"Type": "Pass", "Next": "Größe ✓"},
    "Größe ✓": {"Type": "Pass", "Next": "Fin"},
    "Fin": {"Type": "Pass", "Next": "Nicht da 🙂"}
  }
}
"""
