"""Drives the gateway with a published client of Openfire's REST API plugin (PyPI
`openfire-restapi`), unchanged: each step's result (or the client's exception class) is
printed as one JSON object for tests/tests/restapi_client.rs to check.

Usage: openfire_client.py URL SECRET USER PASSWORD PEER GROUP PHASE
PHASE `accounts` creates the user and works on it; the caller then logs the user in;
PHASE `sessions` looks at and closes the user's sessions, and deletes the user.
"""

import json
import sys

from openfire_restapi import OpenfireRestApiClient

url, secret, user, password, peer, group, phase = sys.argv[1:8]
api = OpenfireRestApiClient(url, secret)
results = {}


def step(name, call):
    try:
        value = call()
    except Exception as err:  # the client's typed exceptions are what is checked
        value = {"raised": type(err).__name__}
    results[name] = value


if phase == "accounts":
    step("add_user", lambda: api.users.add_user(user, password, "Jean-Luc", "jl@example.org", {"tea": "earl grey"}))
    step("add_user_again", lambda: api.users.add_user(user, password))
    step("get_user", lambda: api.users.get_user(user))
    step("get_users_by_property", lambda: sorted(api.users.get_users(property_key="tea", property_value="earl grey")))
    step("update_user", lambda: api.users.update_user(user, name="Jean-Luc P.", props={"rank": "captain"}))
    step("get_user_updated", lambda: api.users.get_user(user))
    step("get_unknown_user", lambda: api.users.get_user(user + "-nobody"))
    step("delete_unknown_user", lambda: api.users.delete_user(user + "-nobody"))

    step("add_group", lambda: api.groups.add_group(group, "The bridge", [], []))
    step("add_group_again", lambda: api.groups.add_group(group, "The bridge", [], []))
    step("get_unknown_group", lambda: api.groups.get_group(group + "-none"))
    step("add_user_group", lambda: api.users.add_user_group(user, group))
    step("get_user_groups", lambda: api.users.get_user_groups(user))
    step("remove_unknown_user_groups", lambda: api.users.remove_user_groups(user, [group + "-none"]))
    step("remove_user_group", lambda: api.users.remove_user_group(user, group))
    step("get_user_groups_after", lambda: api.users.get_user_groups(user))
    step("add_user_groups", lambda: api.users.add_user_groups(user, [group]))
    step("get_user_groups_again", lambda: api.users.get_user_groups(user))
    step("delete_group", lambda: api.groups.delete_group(group))

    step("add_roster_item", lambda: api.users.add_user_roster_item(user, peer, "Number One", 0, ["Crew"]))
    step("add_roster_item_again", lambda: api.users.add_user_roster_item(user, peer, "Number One", 0, ["Crew"]))
    step("get_roster", lambda: api.users.get_user_roster(user))
    step("delete_roster_item", lambda: api.users.delete_user_roster_item(user, peer))

    step("lock_user", lambda: api.users.lock_user(user))
    step("unlock_user", lambda: api.users.unlock_user(user))
    step("lock_unknown_user", lambda: api.users.lock_user(user + "-nobody"))


if phase == "sessions":
    step("get_user_sessions", lambda: api.sessions.get_user_sessions(user))
    step("get_sessions", lambda: api.sessions.get_sessions())
    step("close_user_sessions", lambda: api.sessions.close_user_sessions(user))
    step("get_user_sessions_after", lambda: api.sessions.get_user_sessions(user))

    step("send_broadcast", lambda: api.messages.send_broadcast("The bridge is yours."))
    step("send_empty_broadcast", lambda: api.messages.send_broadcast(""))
    step("check_liveness", lambda: api.system.check_liveness())
    step("check_deadlock_liveness", lambda: api.system.check_deadlock_liveness())
    step("check_readiness", lambda: api.system.check_readiness())
    step("check_server_readiness", lambda: api.system.check_server_readiness())

    step("delete_user", lambda: api.users.delete_user(user))
    step("get_deleted_user", lambda: api.users.get_user(user))

wrong = OpenfireRestApiClient(url, "not-the-secret")
step("wrong_secret", lambda: wrong.users.get_users())

print(json.dumps(results, default=str))
