"""A text stream that records the size of every write, to check that a report is written in
bounded pieces rather than built whole in memory."""

from __future__ import annotations

import io


class RecordingStream(io.StringIO):
    """Records the size of every write."""

    def __init__(self) -> None:
        super().__init__()
        self.sizes: list[int] = []

    def write(self, text: str) -> int:
        self.sizes.append(len(text))
        return super().write(text)
