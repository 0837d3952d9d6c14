"""The pure domain core: no SQL, no Prefect, no Apprise, no clock (``now`` is passed in)."""
