"""Debugging state machines on the local engine over the Debug Adapter Protocol (``asl debug``).

``protocol`` is the only module that knows DAP's wire format; ``controller`` (pausing, stepping,
breakpoints) and ``inspect`` (scopes, evaluation) know nothing of DAP; ``adapter`` maps requests
onto them.
"""
