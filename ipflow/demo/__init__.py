"""The demo county (`ipflow demo`): a seeded county shaped like the seed report, run
through the real services and flows up to an "as of" date."""
