// Generated from the route table (api/src/routes/table.rs) by tests/tests/openapi.rs:
// do not edit; XWG_WRITE_SDK_ROUTES=1 cargo test -p tests --test openapi writes it anew.
/** @type {Readonly<Record<string, import('./xwg.js').RouteInfo>>} */
export const ROUTES = Object.freeze({
  "about": {
    "access": "public",
    "method": "GET",
    "path": "/sparkweb/api",
    "scope": null,
    "summary": "The gateway's name and version, with links to the OpenAPI document and the docs page"
  },
  "add_roster_item": {
    "access": "user",
    "method": "POST",
    "path": "/sparkweb/api/rest/roster",
    "scope": "roster",
    "summary": "Add a contact (body: RosterItemEntity); 409 when it is there"
  },
  "add_service_account_key": {
    "access": "admin",
    "method": "POST",
    "path": "/sparkweb/api/admin/service-accounts/{id}/keys",
    "scope": "admin:integrations",
    "summary": "Add a key to a service account (two may live at once, to rotate without downtime); the key is shown once"
  },
  "admin_add_group_to_room": {
    "access": "admin",
    "method": "POST",
    "path": "/plugins/restapi/v1/chatrooms/{roomName}/{affiliation}/group/{groupname}",
    "scope": "admin:rooms",
    "summary": "Give a group's members an affiliation → 201"
  },
  "admin_add_roster_item": {
    "access": "admin",
    "method": "POST",
    "path": "/plugins/restapi/v1/users/{username}/roster",
    "scope": "admin:users",
    "summary": "Add a contact to the user's roster → 201; 409 when it is there"
  },
  "admin_add_to_room": {
    "access": "admin",
    "method": "POST",
    "path": "/plugins/restapi/v1/chatrooms/{roomName}/{affiliation}/{jid}",
    "scope": "admin:rooms",
    "summary": "Give one JID an affiliation (its previous one is replaced) → 201"
  },
  "admin_add_to_room_list": {
    "access": "admin",
    "method": "POST",
    "path": "/plugins/restapi/v1/chatrooms/{roomName}/{affiliation}",
    "scope": "admin:rooms",
    "summary": "Give JIDs an affiliation (their previous one is replaced) → 201"
  },
  "admin_add_user_group": {
    "access": "admin",
    "method": "POST",
    "path": "/plugins/restapi/v1/users/{username}/groups/{name}",
    "scope": "admin:users",
    "summary": "Add the user to one group (created if missing) → 201"
  },
  "admin_add_user_groups": {
    "access": "admin",
    "method": "POST",
    "path": "/plugins/restapi/v1/users/{username}/groups",
    "scope": "admin:users",
    "summary": "Add the user to groups ({groupnames: […]}, created if missing) → 201"
  },
  "admin_broadcast": {
    "access": "admin",
    "method": "POST",
    "path": "/plugins/restapi/v1/messages/users",
    "scope": "admin:users",
    "summary": "Send a message to every user online on the XMPP server (XEP-0133 announce) → 201"
  },
  "admin_chat_services": {
    "access": "admin",
    "method": "GET",
    "path": "/plugins/restapi/v1/chatservices",
    "scope": "admin:read",
    "summary": "The XMPP server's group chat services: {chatService: [{serviceName, description, hidden}]}"
  },
  "admin_close_sessions": {
    "access": "admin",
    "method": "DELETE",
    "path": "/plugins/restapi/v1/sessions/{username}",
    "scope": "admin:users",
    "summary": "Close a user's sessions: the gateway's logins and, through XEP-0133, native clients'"
  },
  "admin_cluster_node": {
    "access": "admin",
    "method": "GET",
    "path": "/plugins/restapi/v1/clustering/nodes/{nodeId}",
    "scope": "admin:read",
    "summary": "One Openfire cluster node: 501, not an Openfire cluster"
  },
  "admin_cluster_nodes": {
    "access": "admin",
    "method": "GET",
    "path": "/plugins/restapi/v1/clustering/nodes",
    "scope": "admin:read",
    "summary": "Openfire's cluster nodes: 501, not an Openfire cluster"
  },
  "admin_clustering_status": {
    "access": "admin",
    "method": "GET",
    "path": "/plugins/restapi/v1/clustering/status",
    "scope": "admin:read",
    "summary": "Openfire's clustering status: 501, not an Openfire cluster"
  },
  "admin_create_chat_service": {
    "access": "admin",
    "method": "POST",
    "path": "/plugins/restapi/v1/chatservices",
    "scope": "admin:rooms",
    "summary": "Add a group chat service: 501, services are made in the XMPP server's configuration"
  },
  "admin_create_group": {
    "access": "admin",
    "method": "POST",
    "path": "/plugins/restapi/v1/groups",
    "scope": "admin:users",
    "summary": "Create a group ({name, description, shared, admins, members}) → 201"
  },
  "admin_create_property": {
    "access": "admin",
    "method": "POST",
    "path": "/plugins/restapi/v1/system/properties",
    "scope": "admin:users",
    "summary": "Add an Openfire system property: 501, Openfire's own settings"
  },
  "admin_create_room": {
    "access": "admin",
    "method": "POST",
    "path": "/plugins/restapi/v1/chatrooms",
    "scope": "admin:rooms",
    "summary": "Make a chat room (or set an existing one) from the plugin's ChatRoom entity → 201"
  },
  "admin_create_rooms": {
    "access": "admin",
    "method": "POST",
    "path": "/plugins/restapi/v1/chatrooms/bulk",
    "scope": "admin:rooms",
    "summary": "Make several chat rooms: {success, failure, other} (a room that exists is kept)"
  },
  "admin_create_user": {
    "access": "admin",
    "method": "POST",
    "path": "/plugins/restapi/v1/users",
    "scope": "admin:users",
    "summary": "Create an account ({username, password, name, email}) → 201"
  },
  "admin_delete_group": {
    "access": "admin",
    "method": "DELETE",
    "path": "/plugins/restapi/v1/groups/{name}",
    "scope": "admin:users",
    "summary": "Delete a group; its members leave it first"
  },
  "admin_delete_property": {
    "access": "admin",
    "method": "DELETE",
    "path": "/plugins/restapi/v1/system/properties/{key}",
    "scope": "admin:users",
    "summary": "Delete an Openfire system property: 501, Openfire's own settings"
  },
  "admin_delete_room": {
    "access": "admin",
    "method": "DELETE",
    "path": "/plugins/restapi/v1/chatrooms/{roomName}",
    "scope": "admin:rooms",
    "summary": "Destroy a chat room (XEP-0045 §10.9)"
  },
  "admin_delete_roster_item": {
    "access": "admin",
    "method": "DELETE",
    "path": "/plugins/restapi/v1/users/{username}/roster/{jid}",
    "scope": "admin:users",
    "summary": "Remove a contact from the user's roster"
  },
  "admin_delete_user": {
    "access": "admin",
    "method": "DELETE",
    "path": "/plugins/restapi/v1/users/{username}",
    "scope": "admin:users",
    "summary": "Delete the account and what the gateway keeps about it"
  },
  "admin_delete_vcard": {
    "access": "admin",
    "method": "DELETE",
    "path": "/plugins/restapi/v1/users/{username}/vcard",
    "scope": "admin:users",
    "summary": "Delete a user's vCard (it is left empty)"
  },
  "admin_get_group": {
    "access": "admin",
    "method": "GET",
    "path": "/plugins/restapi/v1/groups/{name}",
    "scope": "admin:read",
    "summary": "One group: {name, description, admins, members, shared} (bare JIDs)"
  },
  "admin_get_property": {
    "access": "admin",
    "method": "GET",
    "path": "/plugins/restapi/v1/system/properties/{key}",
    "scope": "admin:read",
    "summary": "One Openfire system property: 501, Openfire's own settings"
  },
  "admin_get_room": {
    "access": "admin",
    "method": "GET",
    "path": "/plugins/restapi/v1/chatrooms/{roomName}",
    "scope": "admin:read",
    "summary": "One chat room: the plugin's ChatRoom entity (settings, subject, affiliations)"
  },
  "admin_get_roster": {
    "access": "admin",
    "method": "GET",
    "path": "/plugins/restapi/v1/users/{username}/roster",
    "scope": "admin:read",
    "summary": "The user's roster: {rosterItem: [{jid, nickname, subscriptionType, groups}]}"
  },
  "admin_get_user": {
    "access": "admin",
    "method": "GET",
    "path": "/plugins/restapi/v1/users/{username}",
    "scope": "admin:read",
    "summary": "One user: {username, name, email, properties}"
  },
  "admin_get_vcard": {
    "access": "admin",
    "method": "GET",
    "path": "/plugins/restapi/v1/users/{username}/vcard",
    "scope": "admin:read",
    "summary": "A user's vCard as XML (<vCard xmlns='vcard-temp'>…); 204 when the user has none"
  },
  "admin_invite_many_to_room": {
    "access": "admin",
    "method": "POST",
    "path": "/plugins/restapi/v1/chatrooms/{roomName}/invite",
    "scope": "admin:rooms",
    "summary": "Invite users and groups' members to the room (XEP-0249) → 200"
  },
  "admin_invite_to_room": {
    "access": "admin",
    "method": "POST",
    "path": "/plugins/restapi/v1/chatrooms/{roomName}/invite/{jid}",
    "scope": "admin:rooms",
    "summary": "Invite a user (or a group's members) to the room (XEP-0249) → 200"
  },
  "admin_list_groups": {
    "access": "admin",
    "method": "GET",
    "path": "/plugins/restapi/v1/groups",
    "scope": "admin:read",
    "summary": "All groups: {groups: [{name, description, shared}]}"
  },
  "admin_list_properties": {
    "access": "admin",
    "method": "GET",
    "path": "/plugins/restapi/v1/system/properties",
    "scope": "admin:read",
    "summary": "Openfire's system properties: 501, Openfire's own settings"
  },
  "admin_list_rooms": {
    "access": "admin",
    "method": "GET",
    "path": "/plugins/restapi/v1/chatrooms",
    "scope": "admin:read",
    "summary": "The service's rooms, as the plugin's ChatRoom entities: {chatRooms: […]}"
  },
  "admin_list_sessions": {
    "access": "admin",
    "method": "GET",
    "path": "/plugins/restapi/v1/sessions",
    "scope": "admin:read",
    "summary": "Every live login through the gateway: {sessions: [{sessionId, username, resource, …}]}"
  },
  "admin_list_users": {
    "access": "admin",
    "method": "GET",
    "path": "/plugins/restapi/v1/users",
    "scope": "admin:read",
    "summary": "The users the gateway knows: ?search= filters by username, name or email; ?propertyKey= (and ?propertyValue=) by a property"
  },
  "admin_lock_user": {
    "access": "admin",
    "method": "POST",
    "path": "/plugins/restapi/v1/lockouts/{username}",
    "scope": "admin:users",
    "summary": "Disable a user: gateway logins refused, live sessions ended → 201"
  },
  "admin_put_vcard": {
    "access": "admin",
    "method": "PUT",
    "path": "/plugins/restapi/v1/users/{username}/vcard",
    "scope": "admin:users",
    "summary": "Replace a user's vCard (the body: <vCard xmlns='vcard-temp'>…</vCard>)"
  },
  "admin_remove_from_room": {
    "access": "admin",
    "method": "DELETE",
    "path": "/plugins/restapi/v1/chatrooms/{roomName}/{affiliation}/{jid}",
    "scope": "admin:rooms",
    "summary": "Take an affiliation from one JID (409 NotAllowedException if it does not hold it)"
  },
  "admin_remove_group_from_room": {
    "access": "admin",
    "method": "DELETE",
    "path": "/plugins/restapi/v1/chatrooms/{roomName}/{affiliation}/group/{groupname}",
    "scope": "admin:rooms",
    "summary": "Take an affiliation from a group's members (409 if one does not hold it)"
  },
  "admin_remove_user_group": {
    "access": "admin",
    "method": "DELETE",
    "path": "/plugins/restapi/v1/users/{username}/groups/{name}",
    "scope": "admin:users",
    "summary": "Remove the user from one group; 404 when it is no group"
  },
  "admin_remove_user_groups": {
    "access": "admin",
    "method": "DELETE",
    "path": "/plugins/restapi/v1/users/{username}/groups",
    "scope": "admin:users",
    "summary": "Remove the user from groups ({groupnames: […]}); 404 when one is no group"
  },
  "admin_replace_room_list": {
    "access": "admin",
    "method": "PUT",
    "path": "/plugins/restapi/v1/chatrooms/{roomName}/{affiliation}",
    "scope": "admin:rooms",
    "summary": "Make an affiliation list exactly these JIDs (others lose it) → 201"
  },
  "admin_room_history": {
    "access": "admin",
    "method": "GET",
    "path": "/plugins/restapi/v1/chatrooms/{roomName}/chathistory",
    "scope": "admin:read",
    "summary": "The room's latest 500 archived messages (MAM), oldest first: {message: […]}"
  },
  "admin_room_list": {
    "access": "admin",
    "method": "GET",
    "path": "/plugins/restapi/v1/chatrooms/{roomName}/{affiliation}",
    "scope": "admin:read",
    "summary": "Who holds an affiliation (owners, admins, members, outcasts): {\"members\": [JIDs]}"
  },
  "admin_room_occupants": {
    "access": "admin",
    "method": "GET",
    "path": "/plugins/restapi/v1/chatrooms/{roomName}/occupants",
    "scope": "admin:read",
    "summary": "Who is in the room: {occupants: [{jid, userAddress, role, affiliation}]} (the administrator enters the room for a moment to see)"
  },
  "admin_room_participants": {
    "access": "admin",
    "method": "GET",
    "path": "/plugins/restapi/v1/chatrooms/{roomName}/participants",
    "scope": "admin:read",
    "summary": "The room's occupants whose role is participant: {participants: [{jid, role, …}]}"
  },
  "admin_security_log": {
    "access": "admin",
    "method": "GET",
    "path": "/plugins/restapi/v1/logs/security",
    "scope": "admin:read",
    "summary": "The security audit log (every administrator's change, 90 days): {logs: […]}, newest first"
  },
  "admin_session_count": {
    "access": "admin",
    "method": "GET",
    "path": "/plugins/restapi/v1/system/statistics/sessions",
    "scope": "admin:read",
    "summary": "How many logins through the gateway are live: {localSessions, clusterSessions}"
  },
  "admin_unlock_user": {
    "access": "admin",
    "method": "DELETE",
    "path": "/plugins/restapi/v1/lockouts/{username}",
    "scope": "admin:users",
    "summary": "Enable a disabled user again"
  },
  "admin_unread_count": {
    "access": "admin",
    "method": "GET",
    "path": "/plugins/restapi/v1/archive/messages/unread/{jid}",
    "scope": "admin:read",
    "summary": "A user's unread archived messages: 501, archives do not record reading"
  },
  "admin_update_group": {
    "access": "admin",
    "method": "PUT",
    "path": "/plugins/restapi/v1/groups/{name}",
    "scope": "admin:users",
    "summary": "Change a group's description, sharing, admins or members (rosters follow)"
  },
  "admin_update_property": {
    "access": "admin",
    "method": "PUT",
    "path": "/plugins/restapi/v1/system/properties/{key}",
    "scope": "admin:users",
    "summary": "Change an Openfire system property: 501, Openfire's own settings"
  },
  "admin_update_room": {
    "access": "admin",
    "method": "PUT",
    "path": "/plugins/restapi/v1/chatrooms/{roomName}",
    "scope": "admin:rooms",
    "summary": "Set a chat room from the plugin's ChatRoom entity (made if missing)"
  },
  "admin_update_roster_item": {
    "access": "admin",
    "method": "PUT",
    "path": "/plugins/restapi/v1/users/{username}/roster/{jid}",
    "scope": "admin:users",
    "summary": "Change a contact in the user's roster"
  },
  "admin_update_user": {
    "access": "admin",
    "method": "PUT",
    "path": "/plugins/restapi/v1/users/{username}",
    "scope": "admin:users",
    "summary": "Change a user's name, email or password (each kept when missing) and properties (replaced, as the plugin does)"
  },
  "admin_user_groups": {
    "access": "admin",
    "method": "GET",
    "path": "/plugins/restapi/v1/users/{username}/groups",
    "scope": "admin:read",
    "summary": "The user's groups: {groupnames: […]}"
  },
  "admin_user_sessions": {
    "access": "admin",
    "method": "GET",
    "path": "/plugins/restapi/v1/sessions/{username}",
    "scope": "admin:read",
    "summary": "A user's live logins through the gateway (an empty list for an unknown user)"
  },
  "correct_chat_message": {
    "access": "user",
    "method": "PUT",
    "path": "/sparkweb/api/rest/chat/message/{to}/{id}",
    "scope": "chat:write",
    "summary": "Correct one of the user's own messages (XEP-0308): the body is the new text"
  },
  "correct_room_message": {
    "access": "user",
    "method": "PUT",
    "path": "/sparkweb/api/rest/groupchat/room/{roomName}/message/{id}",
    "scope": "rooms",
    "summary": "Correct one of the user's own messages in a room (XEP-0308): the body is the new text"
  },
  "create_bookmark": {
    "access": "user",
    "method": "POST",
    "path": "/sparkweb/api/rest/bookmark",
    "scope": "rooms",
    "summary": "Bookmark a room (body: Bookmark with value = the room's JID)"
  },
  "create_service_account": {
    "access": "admin",
    "method": "POST",
    "path": "/sparkweb/api/admin/service-accounts",
    "scope": "admin:integrations",
    "summary": "Create a service account (body {name, scopes, users?, rooms?}); its key is shown once"
  },
  "create_webhook": {
    "access": "admin",
    "method": "POST",
    "path": "/sparkweb/api/admin/webhooks",
    "scope": "admin:integrations",
    "summary": "Register a webhook (body {url, events, users?, rooms?}): matching events are POSTed to it, signed; its secret is shown once"
  },
  "delete_avatar": {
    "access": "user",
    "method": "DELETE",
    "path": "/sparkweb/api/rest/user/avatar",
    "scope": "profile",
    "summary": "Remove the user's avatar"
  },
  "delete_bookmark": {
    "access": "user",
    "method": "DELETE",
    "path": "/sparkweb/api/rest/bookmark/{bookmarkID}",
    "scope": "rooms",
    "summary": "Remove a bookmark"
  },
  "delete_bookmark_property": {
    "access": "user",
    "method": "DELETE",
    "path": "/sparkweb/api/rest/bookmark/{bookmarkID}/{name}",
    "scope": "rooms",
    "summary": "Unset a bookmark property"
  },
  "delete_roster_item": {
    "access": "user",
    "method": "DELETE",
    "path": "/sparkweb/api/rest/roster/{jid}",
    "scope": "roster",
    "summary": "Remove a contact"
  },
  "delete_service_account": {
    "access": "admin",
    "method": "DELETE",
    "path": "/sparkweb/api/admin/service-accounts/{id}",
    "scope": "admin:integrations",
    "summary": "Delete a service account: its keys and the tokens it minted stop working at once"
  },
  "delete_user": {
    "access": "user",
    "method": "DELETE",
    "path": "/sparkweb/api/rest/user",
    "scope": "account",
    "summary": "Delete the user's account on the XMPP server (XEP-0077)"
  },
  "delete_webhook": {
    "access": "admin",
    "method": "DELETE",
    "path": "/sparkweb/api/admin/webhooks/{id}",
    "scope": "admin:integrations",
    "summary": "Delete a webhook and the deliveries waiting for it"
  },
  "get_bookmark": {
    "access": "user",
    "method": "GET",
    "path": "/sparkweb/api/rest/bookmark/{bookmarkID}",
    "scope": "rooms",
    "summary": "One bookmark"
  },
  "get_bookmarks": {
    "access": "user",
    "method": "GET",
    "path": "/sparkweb/api/rest/bookmarks",
    "scope": "rooms",
    "summary": "The user's room bookmarks (XEP-0402): {bookmarks: […]}"
  },
  "get_card": {
    "access": "user",
    "method": "GET",
    "path": "/sparkweb/api/rest/vcard/{jid}",
    "scope": "roster",
    "summary": "Someone's name and avatar from their vCard: {jid, name, avatar (a data: URL)}"
  },
  "get_chat_messages": {
    "access": "user",
    "method": "GET",
    "path": "/sparkweb/api/rest/chat/messages",
    "scope": "chat:read",
    "summary": "The user message archive (MAM), as conversations: ?to=&start=&end=&keywords=&max=&after="
  },
  "get_global_config": {
    "access": "public",
    "method": "GET",
    "path": "/sparkweb/api/rest/config/global",
    "scope": null,
    "summary": "The gateway's public settings"
  },
  "get_inbox": {
    "access": "user",
    "method": "GET",
    "path": "/sparkweb/api/rest/inbox",
    "scope": "chat:read",
    "summary": "The user's conversations (contacts and rooms), newest activity first: the last message as it now stands, the unread count, muted and hidden"
  },
  "get_presence": {
    "access": "user",
    "method": "GET",
    "path": "/sparkweb/api/rest/presence/{target}",
    "scope": "roster",
    "summary": "A contact's presence as the session saw it: {username, show, status}"
  },
  "get_presence_roster": {
    "access": "user",
    "method": "GET",
    "path": "/sparkweb/api/rest/presence/roster",
    "scope": "roster",
    "summary": "The roster with each contact's presence"
  },
  "get_properties": {
    "access": "user",
    "method": "GET",
    "path": "/sparkweb/api/rest/config/properties",
    "scope": "profile",
    "summary": "The user's client properties (private XML storage, XEP-0049) with domain, username, name, email and groups"
  },
  "get_roster": {
    "access": "user",
    "method": "GET",
    "path": "/sparkweb/api/rest/roster",
    "scope": "roster",
    "summary": "The user's roster: {roster: [{jid, nickname, subscriptionType, show, status, groups}]}"
  },
  "get_subscription_requests": {
    "access": "user",
    "method": "GET",
    "path": "/sparkweb/api/rest/roster/requests",
    "scope": "roster",
    "summary": "Subscription requests waiting for the user's answer: {requests: [{jid, since}]}"
  },
  "get_user": {
    "access": "user",
    "method": "GET",
    "path": "/sparkweb/api/rest/user",
    "scope": "profile",
    "summary": "The authenticated user: {username, name, email}"
  },
  "get_user_groups": {
    "access": "user",
    "method": "GET",
    "path": "/sparkweb/api/rest/user/groups",
    "scope": "profile",
    "summary": "The user's groups: {groupnames: […]}"
  },
  "groupchat_history": {
    "access": "user",
    "method": "GET",
    "path": "/sparkweb/api/rest/groupchat/room/{roomName}/chathistory",
    "scope": "rooms",
    "summary": "The room's archive (MAM): {messages: […]}"
  },
  "groupchat_invite": {
    "access": "user",
    "method": "POST",
    "path": "/sparkweb/api/rest/groupchat/room/{roomName}/{invitedJid}",
    "scope": "rooms",
    "summary": "Invite someone to the room (body: the reason)"
  },
  "groupchat_join": {
    "access": "user",
    "method": "PUT",
    "path": "/sparkweb/api/rest/groupchat/room/{roomName}",
    "scope": "rooms",
    "summary": "Join a room (created as an instant room if it is new; ?password=)"
  },
  "groupchat_leave": {
    "access": "user",
    "method": "DELETE",
    "path": "/sparkweb/api/rest/groupchat/room/{roomName}",
    "scope": "rooms",
    "summary": "Leave a room"
  },
  "groupchat_messages": {
    "access": "user",
    "method": "GET",
    "path": "/sparkweb/api/rest/groupchat/messages",
    "scope": "rooms",
    "summary": "A room's archive searched: ?room=&service=&keywords=&start=&end="
  },
  "groupchat_occupants": {
    "access": "user",
    "method": "GET",
    "path": "/sparkweb/api/rest/groupchat/room/{roomName}/occupants",
    "scope": "rooms",
    "summary": "The room's occupants: {occupants: [{jid, userAddress, role, affiliation}]}"
  },
  "groupchat_participants": {
    "access": "user",
    "method": "GET",
    "path": "/sparkweb/api/rest/groupchat/room/{roomName}/participants",
    "scope": "rooms",
    "summary": "The room's occupants with a voice: {participants: [{jid, role, affiliation}]}"
  },
  "groupchat_post": {
    "access": "user",
    "method": "POST",
    "path": "/sparkweb/api/rest/groupchat/room/{roomName}",
    "scope": "rooms",
    "summary": "Send a message (the body) to a room the user is in"
  },
  "groupchat_room": {
    "access": "user",
    "method": "GET",
    "path": "/sparkweb/api/rest/groupchat/room/{roomName}",
    "scope": "rooms",
    "summary": "A room as its disco info describes it (MUCRoomEntity)"
  },
  "groupchat_rooms": {
    "access": "user",
    "method": "GET",
    "path": "/sparkweb/api/rest/groupchat/rooms",
    "scope": "rooms",
    "summary": "The rooms of a MUC service (?serviceName=, ?search=): {chatRooms: […]}"
  },
  "join_user_group": {
    "access": "user",
    "method": "POST",
    "path": "/sparkweb/api/rest/user/groups/{groupName}",
    "scope": "profile",
    "summary": "Join a group, making it if it does not exist yet"
  },
  "join_user_groups": {
    "access": "user",
    "method": "POST",
    "path": "/sparkweb/api/rest/user/groups",
    "scope": "profile",
    "summary": "Join groups, making those that do not exist yet (body: {groupnames: […]})"
  },
  "leave_user_group": {
    "access": "user",
    "method": "DELETE",
    "path": "/sparkweb/api/rest/user/groups/{groupName}",
    "scope": "profile",
    "summary": "Leave a group"
  },
  "leave_user_groups": {
    "access": "user",
    "method": "DELETE",
    "path": "/sparkweb/api/rest/user/groups",
    "scope": "profile",
    "summary": "Leave groups (body: {groupnames: […]})"
  },
  "list_service_accounts": {
    "access": "admin",
    "method": "GET",
    "path": "/sparkweb/api/admin/service-accounts",
    "scope": "admin:read",
    "summary": "The service accounts: {serviceAccounts: [{id, name, scopes, users, rooms, keys: [{id, created}]}]}"
  },
  "list_tokens": {
    "access": "user",
    "method": "GET",
    "path": "/sparkweb/api/rest/tokens",
    "scope": "account",
    "summary": "The user's minted tokens, and service accounts' tokens acting as the user: {tokens: [{id, name, scopes, expiresAt, serviceAccount}]}"
  },
  "list_webhooks": {
    "access": "admin",
    "method": "GET",
    "path": "/sparkweb/api/admin/webhooks",
    "scope": "admin:read",
    "summary": "The webhooks and how their delivery stands: {webhooks: [{id, url, events, users, rooms, paused, waiting, delivered, failures, lastError, nextAttempt}]}"
  },
  "liveness": {
    "access": "public",
    "method": "GET",
    "path": "/plugins/restapi/v1/system/liveness",
    "scope": null,
    "summary": "200 while the gateway answers (no credentials, no body)"
  },
  "login": {
    "access": "public",
    "method": "POST",
    "path": "/sparkweb/api/rest/login/{username}",
    "scope": null,
    "summary": "Log in with username and password (the body); returns {token, refreshToken}"
  },
  "logout": {
    "access": "user",
    "method": "POST",
    "path": "/sparkweb/api/rest/logout",
    "scope": null,
    "summary": "Log out: the token used is revoked and the user's XMPP session ends"
  },
  "mark_chat_message_displayed": {
    "access": "user",
    "method": "POST",
    "path": "/sparkweb/api/rest/chat/message/{to}/{id}/displayed",
    "scope": "chat:write",
    "summary": "Mark a message and those before it as displayed (read; XEP-0333)"
  },
  "mark_conversation_read": {
    "access": "user",
    "method": "POST",
    "path": "/sparkweb/api/rest/inbox/{with}/read",
    "scope": "chat:write",
    "summary": "Mark a conversation read: a read marker (XEP-0333) for its newest message"
  },
  "mark_room_message_displayed": {
    "access": "user",
    "method": "POST",
    "path": "/sparkweb/api/rest/groupchat/room/{roomName}/message/{id}/displayed",
    "scope": "rooms",
    "summary": "Mark a message of a room and those before it as displayed (read; XEP-0333)"
  },
  "meet": {
    "access": "user",
    "method": "GET",
    "path": "/sparkweb/api/rest/meet/{service}/{id}",
    "scope": "chat:write",
    "summary": "Online meetings: 501, not offered by this gateway"
  },
  "mint_token": {
    "access": "user",
    "method": "POST",
    "path": "/sparkweb/api/rest/tokens",
    "scope": "account",
    "summary": "Mint a narrower token from the caller's (body {name, scopes, expiresIn}): e.g. read-only for a dashboard; the token is shown once"
  },
  "moderate_room_message": {
    "access": "user",
    "method": "POST",
    "path": "/sparkweb/api/rest/groupchat/room/{roomName}/message/{id}/moderate",
    "scope": "rooms",
    "summary": "Withdraw another occupant's message as a moderator of the room (XEP-0425): {reason}"
  },
  "openapi": {
    "access": "public",
    "method": "GET",
    "path": "/sparkweb/api/openapi.json",
    "scope": null,
    "summary": "The OpenAPI document of every route, generated from the route table"
  },
  "pep_nodes": {
    "access": "user",
    "method": "GET",
    "path": "/sparkweb/api/rest/pep/nodes",
    "scope": "pubsub",
    "summary": "The user's own PEP nodes"
  },
  "pep_publish": {
    "access": "user",
    "method": "POST",
    "path": "/sparkweb/api/rest/pep/publish/{node}",
    "scope": "pubsub",
    "summary": "Publish an item (body: one XML element, or JSON) to the user's PEP node"
  },
  "post_chat_message": {
    "access": "user",
    "method": "POST",
    "path": "/sparkweb/api/rest/chat/message/{to}",
    "scope": "chat:write",
    "summary": "Send a chat message (the body, plain text) to a JID"
  },
  "post_chat_state": {
    "access": "user",
    "method": "POST",
    "path": "/sparkweb/api/rest/chat/chatstate/{state}/{to}",
    "scope": "chat:write",
    "summary": "Send a chat state (XEP-0085): active, composing, paused, inactive, gone"
  },
  "post_stanza": {
    "access": "user",
    "method": "POST",
    "path": "/sparkweb/api/rest/xmpp",
    "scope": "xmpp",
    "summary": "Send a raw stanza (the body, XML); its from is the user"
  },
  "preview": {
    "access": "user",
    "method": "GET",
    "path": "/sparkweb/api/rest/preview/{quality}/{url}",
    "scope": "chat:write",
    "summary": "Link previews: 501, not made by this gateway"
  },
  "pubsub_create": {
    "access": "user",
    "method": "POST",
    "path": "/sparkweb/api/rest/pubsub/create/{node}",
    "scope": "pubsub",
    "summary": "Create a node on the pubsub service; 409 when it exists"
  },
  "pubsub_nodes": {
    "access": "user",
    "method": "GET",
    "path": "/sparkweb/api/rest/pubsub/nodes",
    "scope": "pubsub",
    "summary": "The pubsub service's nodes: {nodes: [{id, name}]}"
  },
  "pubsub_publish": {
    "access": "user",
    "method": "POST",
    "path": "/sparkweb/api/rest/pubsub/publish/{node}",
    "scope": "pubsub",
    "summary": "Publish an item (body: one XML element, or JSON) to a node"
  },
  "pubsub_subscribe": {
    "access": "user",
    "method": "POST",
    "path": "/sparkweb/api/rest/pubsub/subscribe/{node}",
    "scope": "pubsub",
    "summary": "Subscribe to a node; its items arrive as events"
  },
  "pubsub_subscribers": {
    "access": "user",
    "method": "GET",
    "path": "/sparkweb/api/rest/pubsub/subscribers/{node}",
    "scope": "pubsub",
    "summary": "A node's subscribers (for its owner): {users: [{username, subscription}]}"
  },
  "put_avatar": {
    "access": "user",
    "method": "PUT",
    "path": "/sparkweb/api/rest/user/avatar",
    "scope": "profile",
    "summary": "Set the user's avatar (body {type, data: base64}; PNG, JPEG, GIF or WebP, at most 128 KiB)"
  },
  "put_user": {
    "access": "user",
    "method": "PUT",
    "path": "/sparkweb/api/rest/user",
    "scope": "profile",
    "summary": "Change the user's name and email (profile and vCard)"
  },
  "react_to_chat_message": {
    "access": "user",
    "method": "PUT",
    "path": "/sparkweb/api/rest/chat/message/{to}/{id}/reactions",
    "scope": "chat:write",
    "summary": "Set the user's reactions to a message (XEP-0444): {reactions: [emoji…]}, none to withdraw them"
  },
  "react_to_room_message": {
    "access": "user",
    "method": "PUT",
    "path": "/sparkweb/api/rest/groupchat/room/{roomName}/message/{id}/reactions",
    "scope": "rooms",
    "summary": "Set the user's reactions to a message of a room (XEP-0444): {reactions: [emoji…]}"
  },
  "readiness": {
    "access": "public",
    "method": "GET",
    "path": "/plugins/restapi/v1/system/readiness",
    "scope": null,
    "summary": "200 when the gateway's store answers, else 503 (no credentials)"
  },
  "refresh_token": {
    "access": "public",
    "method": "POST",
    "path": "/sparkweb/api/rest/token/refresh",
    "scope": null,
    "summary": "A new access token for a refresh token (body {refreshToken}); the refresh token is spent"
  },
  "register": {
    "access": "public",
    "method": "POST",
    "path": "/sparkweb/api/rest/register/{username}",
    "scope": null,
    "summary": "Create an account (in-band registration; body: the password) and log in; returns {token, refreshToken}"
  },
  "retire_service_account_key": {
    "access": "admin",
    "method": "DELETE",
    "path": "/sparkweb/api/admin/service-accounts/{id}/keys/{keyId}",
    "scope": "admin:integrations",
    "summary": "Retire a key of a service account: it stops working at once (the account's last key is not retired)"
  },
  "retract_chat_message": {
    "access": "user",
    "method": "DELETE",
    "path": "/sparkweb/api/rest/chat/message/{to}/{id}",
    "scope": "chat:write",
    "summary": "Retract one of the user's own messages (XEP-0424)"
  },
  "retract_room_message": {
    "access": "user",
    "method": "DELETE",
    "path": "/sparkweb/api/rest/groupchat/room/{roomName}/message/{id}",
    "scope": "rooms",
    "summary": "Retract one of the user's own messages in a room (XEP-0424)"
  },
  "revoke_token": {
    "access": "user",
    "method": "DELETE",
    "path": "/sparkweb/api/rest/tokens/{id}",
    "scope": "account",
    "summary": "Revoke one of the user's minted tokens (or a service account's token acting as the user): it stops working at once"
  },
  "search_users": {
    "access": "user",
    "method": "GET",
    "path": "/sparkweb/api/rest/users",
    "scope": "roster",
    "summary": "Users the gateway knows, ?search= by username, name or email"
  },
  "service_account_token": {
    "access": "service",
    "method": "POST",
    "path": "/sparkweb/api/rest/service/token/{username}",
    "scope": null,
    "summary": "A service account's token for a user it may act as (Authorization: Bearer <key>): the account's user scopes, for the token lifetime; the user's XMPP session is kept"
  },
  "set_bookmark_property": {
    "access": "user",
    "method": "POST",
    "path": "/sparkweb/api/rest/bookmark/{bookmarkID}/{name}",
    "scope": "rooms",
    "summary": "Set a bookmark property (autojoin, nick, password; body: the value)"
  },
  "set_presence": {
    "access": "user",
    "method": "POST",
    "path": "/sparkweb/api/rest/presence",
    "scope": "roster",
    "summary": "Set the user's presence (?show=online|chat|away|xa|dnd|unavailable&status=…)"
  },
  "set_properties": {
    "access": "user",
    "method": "POST",
    "path": "/sparkweb/api/rest/config/properties",
    "scope": "profile",
    "summary": "Set the user's client properties: [{name, value}] (name and email change the profile) or an object"
  },
  "sse": {
    "access": "stream",
    "method": "GET",
    "path": "/sparkweb/api/sse",
    "scope": "chat:read",
    "summary": "Server-Sent Events of the user's XMPP session; resumes after Last-Event-ID"
  },
  "subscription": {
    "access": "user",
    "method": "POST",
    "path": "/sparkweb/api/rest/roster/{jid}/subscription/{action}",
    "scope": "roster",
    "summary": "Approve or deny a contact's waiting subscription request (404 when none waits), request the contact's presence or cancel that subscription"
  },
  "totp_authenticate": {
    "access": "public",
    "method": "POST",
    "path": "/sparkweb/api/rest/totp/authenticate/{username}/{code}",
    "scope": null,
    "summary": "Log in with a TOTP code (in the path, or as {code} at the alias); returns {token, refreshToken}"
  },
  "totp_register": {
    "access": "public",
    "method": "POST",
    "path": "/sparkweb/api/rest/totp/register/{username}",
    "scope": null,
    "summary": "Set up TOTP with the password (the body); returns {url: QR code PNG data URL, otpauth}"
  },
  "update_bookmark": {
    "access": "user",
    "method": "PUT",
    "path": "/sparkweb/api/rest/bookmark/{bookmarkID}",
    "scope": "rooms",
    "summary": "Change a bookmark's name or properties"
  },
  "update_conversation": {
    "access": "user",
    "method": "PUT",
    "path": "/sparkweb/api/rest/inbox/{with}",
    "scope": "chat:write",
    "summary": "Mute or unmute, hide or show a conversation, or choose which room messages notify"
  },
  "update_roster_item": {
    "access": "user",
    "method": "PUT",
    "path": "/sparkweb/api/rest/roster/{jid}",
    "scope": "roster",
    "summary": "Change a contact's nickname or groups"
  },
  "update_webhook": {
    "access": "admin",
    "method": "PUT",
    "path": "/sparkweb/api/admin/webhooks/{id}",
    "scope": "admin:integrations",
    "summary": "Change a webhook: its URL or filters, pause or resume it ({paused: false}), rotate its secret ({rotateSecret: true}: the new one is shown once) or drop the old one"
  },
  "upload_slot": {
    "access": "user",
    "method": "GET",
    "path": "/sparkweb/api/rest/upload/{fileName}/{fileSize}",
    "scope": "chat:write",
    "summary": "An HTTP upload slot (XEP-0363): {putUrl, headers, getUrl}"
  },
  "userservice": {
    "access": "public",
    "method": "GET",
    "path": "/plugins/userService/userservice",
    "scope": null,
    "summary": "Openfire's User Service (type, secret, … as query parameters); answers <result>ok</result> or <error>…</error>"
  },
  "userservice_form": {
    "access": "public",
    "method": "POST",
    "path": "/plugins/userService/userservice",
    "scope": null,
    "summary": "Openfire's User Service with the parameters as a form body"
  },
  "webauthn_authenticate_finish": {
    "access": "public",
    "method": "POST",
    "path": "/sparkweb/api/rest/webauthn/authenticate/finish/{username}",
    "scope": null,
    "summary": "Finish a passkey login (body: the assertion JSON); returns {token, refreshToken}"
  },
  "webauthn_authenticate_start": {
    "access": "public",
    "method": "POST",
    "path": "/sparkweb/api/rest/webauthn/authenticate/start/{username}",
    "scope": null,
    "summary": "Start a passkey login; returns {assertion: {publicKey}}, or a fresh token for a valid one"
  },
  "webauthn_register_finish": {
    "access": "public",
    "method": "POST",
    "path": "/sparkweb/api/rest/webauthn/register/finish/{username}",
    "scope": null,
    "summary": "Finish registering a passkey (body: the credential JSON); returns {token, refreshToken}"
  },
  "webauthn_register_start": {
    "access": "public",
    "method": "POST",
    "path": "/sparkweb/api/rest/webauthn/register/start/{username}",
    "scope": null,
    "summary": "Start registering a passkey with the password (the body); returns {credentials: {publicKey}}"
  },
  "webpush_action": {
    "access": "user",
    "method": "POST",
    "path": "/sparkweb/api/rest/webpush/action",
    "scope": "push",
    "summary": "A notification's action (body: NotificationActionEntity); webpush.message sends the reply as a chat message"
  },
  "webpush_message": {
    "access": "user",
    "method": "POST",
    "path": "/sparkweb/api/rest/webpush/message/{target}",
    "scope": "push",
    "summary": "Push a text (the body) with a reply action to every subscription of a user"
  },
  "webpush_notify": {
    "access": "user",
    "method": "POST",
    "path": "/sparkweb/api/rest/webpush/notify/{target}",
    "scope": "push",
    "summary": "Push a notification (body: NotificationEntity) to every subscription of a user"
  },
  "webpush_subscribe": {
    "access": "user",
    "method": "PUT",
    "path": "/sparkweb/api/rest/webpush/subscribe/{resource}",
    "scope": "push",
    "summary": "Store the browser's push subscription (body: PushSubscription JSON) for this resource"
  },
  "webpush_subscribers": {
    "access": "user",
    "method": "GET",
    "path": "/sparkweb/api/rest/webpush/subscribers",
    "scope": "push",
    "summary": "The users with a push subscription: {users: […]}"
  },
  "webpush_vapid_key": {
    "access": "user",
    "method": "GET",
    "path": "/sparkweb/api/rest/webpush/vapidkey",
    "scope": "push",
    "summary": "The VAPID public key browsers subscribe with: {publicKey}"
  }
});
