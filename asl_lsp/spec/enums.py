"""Closed value sets of ASL fields (completion offers them; the schema enforces them).

Kept as literal tuples so importing them costs nothing; a test checks each against the enum of
the same field in ``schemas/asl.schema.json``.
"""

from __future__ import annotations

STATE_TYPE = ("Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map")
QUERY_LANGUAGE = ("JSONPath", "JSONata")
JITTER_STRATEGY = ("FULL", "NONE")
MODE = ("INLINE", "DISTRIBUTED")
EXECUTION_TYPE = ("STANDARD", "EXPRESS")
INPUT_TYPE = ("CSV", "JSON", "JSONL", "PARQUET", "MANIFEST")
MANIFEST_TYPE = ("S3_INVENTORY", "ATHENA_DATA")
CSV_HEADER_LOCATION = ("FIRST_ROW", "GIVEN")
CSV_DELIMITER = ("COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB")
OUTPUT_TYPE = ("JSON", "JSONL")
TRANSFORMATION = ("NONE", "COMPACT", "FLATTEN")
VERSION = ("1.0",)

# Field name -> its values, for features that only know the key being edited.
BY_FIELD: dict[str, tuple[str, ...]] = {
    "Type": STATE_TYPE,
    "QueryLanguage": QUERY_LANGUAGE,
    "JitterStrategy": JITTER_STRATEGY,
    "Mode": MODE,
    "ExecutionType": EXECUTION_TYPE,
    "InputType": INPUT_TYPE,
    "ManifestType": MANIFEST_TYPE,
    "CSVHeaderLocation": CSV_HEADER_LOCATION,
    "CSVDelimiter": CSV_DELIMITER,
    "OutputType": OUTPUT_TYPE,
    "Transformation": TRANSFORMATION,
    "Version": VERSION,
}
