"""A real Flight SQL client (the ADBC driver) against a genofed node.

usage: adbc_client.py URL TOKEN_FILE HEADERS_JSON SQL [PARAM_SQL PARAM]
(HEADERS_JSON: the declaration headers, e.g. {"x-genofed-purpose": "HMB"})
Prints one JSON object: the catalogs and schemas the driver lists, the query's rows
(sorted) through a statement and through a prepared statement, and optionally a
parameterised prepared statement's rows; or {"error": ...} with the driver's message.
"""
import json
import sys

import adbc_driver_flightsql.dbapi as flight_sql
from adbc_driver_flightsql import DatabaseOptions


def rows(table):
    return sorted(json.dumps(r, sort_keys=True, default=str) for r in table.to_pylist())


def main():
    url, token_file, headers, sql = sys.argv[1:5]
    token = open(token_file).read().strip()
    kwargs = {
        DatabaseOptions.RPC_CALL_HEADER_PREFIX.value + k: v
        for k, v in json.loads(headers).items()
    }
    if token:
        kwargs[DatabaseOptions.AUTHORIZATION_HEADER.value] = "Bearer " + token
    out = {}
    try:
        with flight_sql.connect(url, db_kwargs=kwargs, autocommit=True) as conn:
            objects = conn.adbc_get_objects(depth="db_schemas").read_all().to_pylist()
            out["catalogs"] = sorted(o["catalog_name"] for o in objects)
            out["schemas"] = sorted(
                "%s.%s" % (o["catalog_name"], s["db_schema_name"])
                for o in objects
                for s in (o["catalog_db_schemas"] or [])
            )
            with conn.cursor() as cur:
                cur.execute(sql)
                out["rows"] = rows(cur.fetch_arrow_table())
            with conn.cursor() as cur:
                cur.adbc_prepare(sql)
                cur.execute(sql)
                out["prepared"] = rows(cur.fetch_arrow_table())
            if len(sys.argv) > 6:
                with conn.cursor() as cur:
                    cur.execute(sys.argv[5], parameters=(sys.argv[6],))
                    out["bound"] = rows(cur.fetch_arrow_table())
    except Exception as e:  # the driver's error, for the test to check
        out = {"error": "%s: %s" % (type(e).__name__, e)}
    print(json.dumps(out))


main()
