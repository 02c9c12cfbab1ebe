#!/usr/bin/env python3
"""Tests the public API against its own OpenAPI documents with schemathesis.

Starts the built server (SERVER_BIN, else target/debug/server) on a fresh SQLite database with
the API's rate limits lifted (they are tested elsewhere; here they would only answer 429), makes
an admin account and a `read write` token through the API itself, then runs schemathesis with
every check against /api/v1/openapi.json and /api/v2/openapi.json. Fails on any failure, on
any error or panic the server logged meanwhile, and if the token appears in its log (kept at
debug level for the run). Prints the operations and cases each version ran.

Standard library only; schemathesis comes from SCHEMATHESIS (a path), else `schemathesis` on
PATH (scripts/test installs a pinned one).
"""

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Analytical-Engine-1843"
LIFTED = "1000000000"
# The threads copying the server's output to its log, joined before the log is read.
DRAINS: list[threading.Thread] = []


def start_server(data_dir: Path) -> tuple[subprocess.Popen, str, Path]:
    binary = Path(os.environ.get("SERVER_BIN", ROOT / "target/debug/server"))
    log = data_dir / "server.log"
    env = dict(
        os.environ,
        APP_PROFILE="test",
        APP_SERVER__PORT="0",
        APP_DATABASE__URL=f"sqlite://{data_dir / 'contract.db'}",
        APP_NODE__DATA_DIR=str(data_dir),
        # Everything logged, so that the check below would see a token written anywhere.
        APP_LOG__LEVEL="debug",
        APP_LIMITS__API_REQUESTS_PER_MINUTE=LIFTED,
        APP_LIMITS__API_BURST=LIFTED,
        APP_LIMITS__MESSAGES_PER_SECOND=LIFTED,
        APP_LIMITS__MESSAGE_BURST=LIFTED,
        APP_LIMITS__ROOMS_PER_WINDOW=LIFTED,
        APP_LIMITS__TOKENS_PER_WINDOW=LIFTED,
        APP_LIMITS__POSTS_PER_WINDOW=LIFTED,
        APP_LIMITS__BOARD_ACTIONS_PER_MINUTE=LIFTED,
        APP_LIMITS__BOARD_ACTION_BURST=LIFTED,
    )
    server = subprocess.Popen(
        [str(binary)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=open(log, "w"),
        text=True,
    )
    for line in server.stdout:
        match = re.search(r"listening on (http://\S+)", line)
        if match:
            # The rest of its output goes to the log too, read as it comes: a full pipe would
            # stop the server.
            def drain(stream=server.stdout, path=data_dir / "stdout.log"):
                with open(path, "w") as out:
                    for rest in stream:
                        out.write(rest)

            DRAINS.append(threading.Thread(target=drain, daemon=True))
            DRAINS[-1].start()
            return server, match.group(1), log
    raise SystemExit(f"the server stopped before listening:\n{log.read_text()}")


def post(url: str, body: bytes, headers: dict) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def admin_token(base: str, database: Path) -> str:
    """Registers the first account (an admin) and signs in through the API for a token."""
    form = urllib.parse.urlencode(
        {
            "name": "Contract",
            "email": "contract@example.com",
            "age": "",
            "password": PASSWORD,
            "password_confirmation": PASSWORD,
        }
    ).encode()
    status, _ = post(f"{base}/register", form, {"sec-fetch-site": "same-origin"})
    assert status == 303, f"registering answered {status}"
    # The token's id far above the small ids generated for paths, so that a generated
    # DELETE /tokens/{id} revokes others' tokens, never the one the run uses.
    with sqlite3.connect(database) as db:
        db.execute(
            "INSERT OR REPLACE INTO sqlite_sequence (name, seq) VALUES ('access_tokens', 4000000000)"
        )
    body = json.dumps(
        {"email": "contract@example.com", "password": PASSWORD, "expires_in_days": 1}
    ).encode()
    status, answer = post(
        f"{base}/api/v2/sessions", body, {"content-type": "application/json"}
    )
    assert status == 201, f"signing in answered {status}: {answer!r}"
    return json.loads(answer)["data"]["secret"]


def run_schemathesis(base: str, version: str, token: str) -> tuple[int, str]:
    program = os.environ.get("SCHEMATHESIS") or shutil.which("schemathesis")
    if not program:
        raise SystemExit("schemathesis is not installed (scripts/test installs it)")
    command = [
        program,
        "--config-file",
        str(ROOT / "contract/schemathesis.toml"),
        "run",
        f"{base}/api/{version}/openapi.json",
        "--header",
        f"Authorization: Bearer {token}",
        "--checks",
        "all",
        "--workers",
        "2",
        "--max-failures",
        "20",
    ]
    completed = subprocess.run(command, capture_output=True, text=True)
    return completed.returncode, completed.stdout + completed.stderr


def main() -> int:
    data_dir = Path(tempfile.mkdtemp(prefix="commons-contract-"))
    server, base, log = start_server(data_dir)
    failed = False
    token = ""
    try:
        token = admin_token(base, data_dir / "contract.db")
        for version in ("v1", "v2"):
            code, output = run_schemathesis(base, version, token)
            tested = re.search(r"Tested: (\d+)", output)
            cases = re.search(r"(\d+) generated", output)
            summary = (
                f"{tested.group(1) if tested else '?'} operations, "
                f"{cases.group(1) if cases else '?'} cases"
            )
            if code == 0:
                print(f"schemathesis {version}: {summary}, every check passed")
            else:
                failed = True
                print(output)
                print(f"schemathesis {version}: FAILED ({summary})")
    finally:
        server.terminate()
        server.wait(timeout=30)
        for drain in DRAINS:
            drain.join(timeout=30)
    logged = log.read_text() + (data_dir / "stdout.log").read_text()
    errors = [line for line in logged.splitlines() if "ERROR" in line or "panicked" in line]
    if errors:
        failed = True
        print("the server logged errors during the run:\n" + "\n".join(errors[:20]))
    # Thousands of requests carried the token; not one log line may.
    if token in logged or token[len("cmn_"):] in logged:
        failed = True
        print("the access token appears in the server's log")
    else:
        print(f"the token appears nowhere in {len(logged.splitlines())} lines logged at debug level")
    shutil.rmtree(data_dir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
