"""The reviewer's workbench (issue 16): decisions on audited reports, an append-only trail, users and a
local web app. Importing this package imports neither FastAPI nor uvicorn (only `app` and `serve` do)."""
