"""Drives the gateway with a published client of Openfire's REST API plugin (PyPI
`openfire-restapi`), unchanged: each step's result (or the client's exception class) is
printed as one JSON object for tests/tests/restapi_client.rs to check.

Usage: openfire_client.py URL SECRET USER PASSWORD PEER GROUP PHASE
PHASE `accounts` creates the user and works on it; the caller then logs the user in;
PHASE `sessions` looks at and closes the user's sessions, and deletes the user.
PHASE `rooms` makes and runs chat rooms (`room-<GROUP>`, `room2-<GROUP>`); the caller then
has PEER enter one and post; PHASE `room_activity` reads who is in it and what was said,
and destroys both.
"""

import json
import os
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
    step("get_user_vcard", lambda: api.users.get_user_vcard(user))
    step("update_user_vcard", lambda: api.users.update_user_vcard(
        user, "<vCard xmlns='vcard-temp'><FN>Jean-Luc Picard</FN><NICKNAME>JL</NICKNAME></vCard>"))
    step("get_user_vcard_updated", lambda: api.users.get_user_vcard(user))
    step("update_user_vcard_not_a_card", lambda: api.users.update_user_vcard(user, "<card xmlns='x'/>"))
    step("delete_user_vcard", lambda: api.users.delete_user_vcard(user))
    step("get_user_vcard_deleted", lambda: api.users.get_user_vcard(user))
    step("get_unknown_user_vcard", lambda: api.users.get_user_vcard(user + "-nobody"))
    step("get_unknown_user", lambda: api.users.get_user(user + "-nobody"))
    step("delete_unknown_user", lambda: api.users.delete_user(user + "-nobody"))

    step("add_group", lambda: api.groups.add_group(group, "The bridge", [peer], []))
    step("get_group", lambda: api.groups.get_group(group))
    step("update_group", lambda: api.groups.update_group(group, "The bridge crew", [], [peer]))
    step("get_group_updated", lambda: api.groups.get_group(group))
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

    if os.environ.get("BASIC_AUTH"):  # an administrator's username:password
        name, secret_password = os.environ["BASIC_AUTH"].split(":", 1)
        as_admin = OpenfireRestApiClient(url, (name, secret_password))
        step("basic_get_user", lambda: as_admin.users.get_user(user)["username"])
        # More calls than the shared secret's per-address guess limit: all answered.
        step("basic_twelve_times", lambda: [as_admin.users.get_user(user)["username"] for _ in range(12)][-1])
        wrong_password = OpenfireRestApiClient(url, (name, secret_password + "-not"))
        step("basic_wrong_password", lambda: wrong_password.users.get_user(user))
        not_admin = OpenfireRestApiClient(url, (user, password))
        step("basic_not_admin", lambda: not_admin.users.get_user(user))

    step("lock_user", lambda: api.users.lock_user(user))
    step("unlock_user", lambda: api.users.unlock_user(user))
    step("lock_unknown_user", lambda: api.users.lock_user(user + "-nobody"))


if phase == "sessions":
    step("get_user_sessions", lambda: api.sessions.get_user_sessions(user))
    step("get_sessions", lambda: api.sessions.get_sessions())
    step("close_user_sessions", lambda: api.sessions.close_user_sessions(user))
    step("get_user_sessions_after", lambda: api.sessions.get_user_sessions(user))
    step("get_audit_logs", lambda: api.security.get_audit_logs(username="(user service secret)", limit=3))
    step("get_concurrent_sessions", lambda: api.system.get_concurrent_sessions())
    for name, call in [
        ("get_props", lambda: api.system.get_props()),
        ("get_prop", lambda: api.system.get_prop("xmpp.domain")),
        ("add_prop", lambda: api.system.add_prop("a.b", "c")),
        ("update_prop", lambda: api.system.update_prop("a.b", "d")),
        ("delete_prop", lambda: api.system.delete_prop("a.b")),
        ("get_cluster_status", lambda: api.clustering.get_status()),
        ("get_cluster_nodes", lambda: api.clustering.get_nodes()),
        ("get_cluster_node", lambda: api.clustering.get_node("n1")),
        ("get_unread_messages", lambda: api.messages.get_unread_messages(user + "@" + peer.split("@")[1])),
    ]:
        step(name, call)

    step("send_broadcast", lambda: api.messages.send_broadcast("The bridge is yours."))
    step("send_empty_broadcast", lambda: api.messages.send_broadcast(""))
    step("check_liveness", lambda: api.system.check_liveness())
    step("check_deadlock_liveness", lambda: api.system.check_deadlock_liveness())
    step("check_readiness", lambda: api.system.check_readiness())
    step("check_server_readiness", lambda: api.system.check_server_readiness())
    step("check_properties_liveness", lambda: api.system.check_properties_liveness())
    step("check_cluster_readiness", lambda: api.system.check_cluster_readiness())
    step("check_plugins_readiness", lambda: api.system.check_plugins_readiness())
    step("check_connections_readiness", lambda: api.system.check_connections_readiness())

    step("delete_user", lambda: api.users.delete_user(user))
    step("get_deleted_user", lambda: api.users.get_user(user))

room, room2 = "room-" + group, "room2-" + group
domain = peer.split("@")[1]
user_jid = user + "@" + domain

if phase == "rooms":
    step("get_chat_services", lambda: api.rooms.get_chat_services())
    step("add_chat_service", lambda: api.rooms.add_chat_service("elsewhere", "Not here"))
    step("add_group", lambda: api.groups.add_group(group, "The away team", [], [user]))
    step("add_room", lambda: api.rooms.add_room(
        room, "The Bridge", "Where the captain sits", subject="Engage",
        members=[peer, "m1@" + domain, "m2@" + domain], outcasts=["q@" + domain]))
    step("get_room", lambda: api.rooms.get_room(room))
    step("get_rooms", lambda: sorted(api.rooms.get_rooms()))
    step("get_rooms_search", lambda: sorted(api.rooms.get_rooms(query="the bridge")))
    step("get_unknown_room", lambda: api.rooms.get_room(room + "-none"))
    step("get_room_unknown_service", lambda: api.rooms.get_room(room, servicename="nosuch"))
    step("update_room", lambda: api.rooms.update_room(
        room, "The Battle Bridge", "Red alert", subject="Shields up", members=[peer],
        public=False, moderated=True))
    step("get_room_updated", lambda: api.rooms.get_room(room))
    step("get_public_rooms_after", lambda: sorted(api.rooms.get_rooms()))
    step("get_all_rooms_after", lambda: sorted(api.rooms.get_rooms(typeof="all")))
    step("grant_user_role", lambda: api.rooms.grant_user_role(room, user_jid, "admins"))
    step("get_admins", lambda: api.rooms.get_users_with_role(room, "admins"))
    step("revoke_user_role", lambda: api.rooms.revoke_user_role(room, user_jid, "admins"))
    step("revoke_user_role_again", lambda: api.rooms.revoke_user_role(room, user_jid, "admins"))
    step("bulk_grant_outcasts", lambda: api.rooms.bulk_grant_users_role(
        room, "outcasts", ["q@" + domain, "lore@" + domain]))
    step("replace_outcasts", lambda: api.rooms.replace_users_with_role(
        room, "outcasts", ["q@" + domain, "gowron@" + domain]))
    step("get_outcasts", lambda: api.rooms.get_users_with_role(room, "outcasts"))
    step("grant_group_role", lambda: api.rooms.grant_group_role(room, group, "members"))
    step("get_room_with_group", lambda: api.rooms.get_room(room))
    step("revoke_group_role", lambda: api.rooms.revoke_group_role(room, group, "members"))
    step("grant_unknown_group_role", lambda: api.rooms.grant_group_role(room, group + "-none", "members"))
    step("get_members", lambda: api.rooms.get_users_with_role(room, "members"))
    step("invite", lambda: api.rooms.invite(room, peer, "Report to the bridge"))
    step("bulk_invite", lambda: api.rooms.bulk_invite(room, [peer], "Again"))
    step("bulk_add_rooms", lambda: api.rooms.bulk_add_rooms([
        {"roomName": room2, "naturalName": "Ten Forward", "description": "Drinks"},
        {"roomName": room, "naturalName": "The Bridge", "description": "Exists"},
        {"roomName": "", "naturalName": "Nameless", "description": "No name"},
    ]))
    step("get_room2", lambda: api.rooms.get_room(room2))
    step("delete_group", lambda: api.groups.delete_group(group))

if phase == "room_activity":
    step("get_room_occupants", lambda: api.rooms.get_room_occupants(room))
    step("get_room_participants", lambda: api.rooms.get_room_participants(room))
    step("get_room_message_history", lambda: api.rooms.get_room_message_history(room))
    step("delete_room", lambda: api.rooms.delete_room(room))
    step("delete_room2", lambda: api.rooms.delete_room(room2))
    step("get_deleted_room", lambda: api.rooms.get_room(room))
    step("delete_deleted_room", lambda: api.rooms.delete_room(room))

wrong = OpenfireRestApiClient(url, "not-the-secret")
step("wrong_secret", lambda: wrong.users.get_users())

print(json.dumps(results, default=str))
