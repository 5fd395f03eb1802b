"""The open API (/api/v1/), the members' personal access tokens and the open data downloads."""
