// Generated from api/openapi.json by web/sdk-types.mjs (openapi-typescript): do not edit;
// `node web/sdk-types.mjs` writes it anew.
export interface paths {
    "/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The gateway's name and version, with links to the OpenAPI document and the docs page */
        get: operations["about_1"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/userservice": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Openfire's User Service (type, secret, … as query parameters); answers <result>ok</result> or <error>…</error> */
        get: operations["userservice_1"];
        put?: never;
        /** Openfire's User Service with the parameters as a form body */
        post: operations["userservice_form_1"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/archive/messages/unread/{jid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user's unread archived messages: 501, archives do not record reading */
        get: operations["admin_unread_count"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/chatrooms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The service's rooms, as the plugin's ChatRoom entities: {chatRooms: […]} */
        get: operations["admin_list_rooms"];
        put?: never;
        /** Make a chat room (or set an existing one) from the plugin's ChatRoom entity → 201 */
        post: operations["admin_create_room"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/chatrooms/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Make several chat rooms: {success, failure, other} (a room that exists is kept) */
        post: operations["admin_create_rooms"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/chatrooms/{roomName}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One chat room: the plugin's ChatRoom entity (settings, subject, affiliations) */
        get: operations["admin_get_room"];
        /** Set a chat room from the plugin's ChatRoom entity (made if missing) */
        put: operations["admin_update_room"];
        post?: never;
        /** Destroy a chat room (XEP-0045 §10.9) */
        delete: operations["admin_delete_room"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/chatrooms/{roomName}/chathistory": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The room's latest 500 archived messages (MAM), oldest first: {message: […]} */
        get: operations["admin_room_history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/chatrooms/{roomName}/invite": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Invite users and groups' members to the room (XEP-0249) → 200 */
        post: operations["admin_invite_many_to_room"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/chatrooms/{roomName}/invite/{jid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Invite a user (or a group's members) to the room (XEP-0249) → 200 */
        post: operations["admin_invite_to_room"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/chatrooms/{roomName}/occupants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is in the room: {occupants: [{jid, userAddress, role, affiliation}]} (the administrator enters the room for a moment to see) */
        get: operations["admin_room_occupants"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/chatrooms/{roomName}/participants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The room's occupants whose role is participant: {participants: [{jid, role, …}]} */
        get: operations["admin_room_participants"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/chatrooms/{roomName}/{affiliation}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who holds an affiliation (owners, admins, members, outcasts): {"members": [JIDs]} */
        get: operations["admin_room_list"];
        /** Make an affiliation list exactly these JIDs (others lose it) → 201 */
        put: operations["admin_replace_room_list"];
        /** Give JIDs an affiliation (their previous one is replaced) → 201 */
        post: operations["admin_add_to_room_list"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/chatrooms/{roomName}/{affiliation}/group/{groupname}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Give a group's members an affiliation → 201 */
        post: operations["admin_add_group_to_room"];
        /** Take an affiliation from a group's members (409 if one does not hold it) */
        delete: operations["admin_remove_group_from_room"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/chatrooms/{roomName}/{affiliation}/{jid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Give one JID an affiliation (its previous one is replaced) → 201 */
        post: operations["admin_add_to_room"];
        /** Take an affiliation from one JID (409 NotAllowedException if it does not hold it) */
        delete: operations["admin_remove_from_room"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/chatservices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The XMPP server's group chat services: {chatService: [{serviceName, description, hidden}]} */
        get: operations["admin_chat_services"];
        put?: never;
        /** Add a group chat service: 501, services are made in the XMPP server's configuration */
        post: operations["admin_create_chat_service"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/clustering/nodes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Openfire's cluster nodes: 501, not an Openfire cluster */
        get: operations["admin_cluster_nodes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/clustering/nodes/{nodeId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One Openfire cluster node: 501, not an Openfire cluster */
        get: operations["admin_cluster_node"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/clustering/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Openfire's clustering status: 501, not an Openfire cluster */
        get: operations["admin_clustering_status"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/groups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** All groups: {groups: [{name, description, shared}]} */
        get: operations["admin_list_groups"];
        put?: never;
        /** Create a group ({name, description, shared, admins, members}) → 201 */
        post: operations["admin_create_group"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/groups/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One group: {name, description, admins, members, shared} (bare JIDs) */
        get: operations["admin_get_group"];
        /** Change a group's description, sharing, admins or members (rosters follow) */
        put: operations["admin_update_group"];
        post?: never;
        /** Delete a group; its members leave it first */
        delete: operations["admin_delete_group"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/lockouts/{username}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Disable a user: gateway logins refused, live sessions ended → 201 */
        post: operations["admin_lock_user"];
        /** Enable a disabled user again */
        delete: operations["admin_unlock_user"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/logs/security": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The security audit log (every administrator's change, 90 days): {logs: […]}, newest first */
        get: operations["admin_security_log"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/messages/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a message to every user online on the XMPP server (XEP-0133 announce) → 201 */
        post: operations["admin_broadcast"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every live login through the gateway: {sessions: [{sessionId, username, resource, …}]} */
        get: operations["admin_list_sessions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/sessions/{username}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user's live logins through the gateway (an empty list for an unknown user) */
        get: operations["admin_user_sessions"];
        put?: never;
        post?: never;
        /** Close a user's sessions: the gateway's logins and, through XEP-0133, native clients' */
        delete: operations["admin_close_sessions"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/system/liveness": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 200 while the gateway answers (no credentials, no body) */
        get: operations["liveness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/system/liveness/deadlock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 200 while the gateway answers (no credentials, no body) */
        get: operations["liveness_1"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/system/liveness/properties": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 200 while the gateway answers (no credentials, no body) */
        get: operations["liveness_2"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/system/properties": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Openfire's system properties: 501, Openfire's own settings */
        get: operations["admin_list_properties"];
        put?: never;
        /** Add an Openfire system property: 501, Openfire's own settings */
        post: operations["admin_create_property"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/system/properties/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One Openfire system property: 501, Openfire's own settings */
        get: operations["admin_get_property"];
        /** Change an Openfire system property: 501, Openfire's own settings */
        put: operations["admin_update_property"];
        post?: never;
        /** Delete an Openfire system property: 501, Openfire's own settings */
        delete: operations["admin_delete_property"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/system/readiness": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 200 when the gateway's store answers, else 503 (no credentials) */
        get: operations["readiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/system/readiness/cluster": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 200 when the gateway's store answers, else 503 (no credentials) */
        get: operations["readiness_2"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/system/readiness/connections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 200 when the gateway's store answers, else 503 (no credentials) */
        get: operations["readiness_4"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/system/readiness/plugins": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 200 when the gateway's store answers, else 503 (no credentials) */
        get: operations["readiness_3"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/system/readiness/server": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** 200 when the gateway's store answers, else 503 (no credentials) */
        get: operations["readiness_1"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/system/statistics/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How many logins through the gateway are live: {localSessions, clusterSessions} */
        get: operations["admin_session_count"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The users the gateway knows: ?search= filters by username, name or email; ?propertyKey= (and ?propertyValue=) by a property */
        get: operations["admin_list_users"];
        put?: never;
        /** Create an account ({username, password, name, email}) → 201 */
        post: operations["admin_create_user"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/users/{username}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One user: {username, name, email, properties} */
        get: operations["admin_get_user"];
        /** Change a user's name, email or password (each kept when missing) and properties (replaced, as the plugin does) */
        put: operations["admin_update_user"];
        post?: never;
        /** Delete the account and what the gateway keeps about it */
        delete: operations["admin_delete_user"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/users/{username}/groups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The user's groups: {groupnames: […]} */
        get: operations["admin_user_groups"];
        put?: never;
        /** Add the user to groups ({groupnames: […]}, created if missing) → 201 */
        post: operations["admin_add_user_groups"];
        /** Remove the user from groups ({groupnames: […]}); 404 when one is no group */
        delete: operations["admin_remove_user_groups"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/users/{username}/groups/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add the user to one group (created if missing) → 201 */
        post: operations["admin_add_user_group"];
        /** Remove the user from one group; 404 when it is no group */
        delete: operations["admin_remove_user_group"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/users/{username}/lockout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Disable a user: gateway logins refused, live sessions ended → 201 */
        post: operations["admin_lock_user_1"];
        /** Enable a disabled user again */
        delete: operations["admin_unlock_user_1"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/users/{username}/roster": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The user's roster: {rosterItem: [{jid, nickname, subscriptionType, groups}]} */
        get: operations["admin_get_roster"];
        put?: never;
        /** Add a contact to the user's roster → 201; 409 when it is there */
        post: operations["admin_add_roster_item"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/users/{username}/roster/{jid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change a contact in the user's roster */
        put: operations["admin_update_roster_item"];
        post?: never;
        /** Remove a contact from the user's roster */
        delete: operations["admin_delete_roster_item"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/restapi/v1/users/{username}/vcard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user's vCard as XML (<vCard xmlns='vcard-temp'>…); 204 when the user has none */
        get: operations["admin_get_vcard"];
        /** Replace a user's vCard (the body: <vCard xmlns='vcard-temp'>…</vCard>) */
        put: operations["admin_put_vcard"];
        post?: never;
        /** Delete a user's vCard (it is left empty) */
        delete: operations["admin_delete_vcard"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/userService/userservice": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Openfire's User Service (type, secret, … as query parameters); answers <result>ok</result> or <error>…</error> */
        get: operations["userservice"];
        put?: never;
        /** Openfire's User Service with the parameters as a form body */
        post: operations["userservice_form"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The gateway's name and version, with links to the OpenAPI document and the docs page */
        get: operations["about"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/admin/service-accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The service accounts: {serviceAccounts: [{id, name, scopes, users, rooms, keys: [{id, created}]}]} */
        get: operations["list_service_accounts"];
        put?: never;
        /** Create a service account (body {name, scopes, users?, rooms?}); its key is shown once */
        post: operations["create_service_account"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/admin/service-accounts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a service account: its keys and the tokens it minted stop working at once */
        delete: operations["delete_service_account"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/admin/service-accounts/{id}/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a key to a service account (two may live at once, to rotate without downtime); the key is shown once */
        post: operations["add_service_account_key"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/admin/service-accounts/{id}/keys/{keyId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Retire a key of a service account: it stops working at once (the account's last key is not retired) */
        delete: operations["retire_service_account_key"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/admin/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The webhooks and how their delivery stands: {webhooks: [{id, url, events, users, rooms, paused, waiting, delivered, failures, lastError, nextAttempt}]} */
        get: operations["list_webhooks"];
        put?: never;
        /** Register a webhook (body {url, events, users?, rooms?}): matching events are POSTed to it, signed; its secret is shown once */
        post: operations["create_webhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/admin/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change a webhook: its URL or filters, pause or resume it ({paused: false}), rotate its secret ({rotateSecret: true}: the new one is shown once) or drop the old one */
        put: operations["update_webhook"];
        post?: never;
        /** Delete a webhook and the deliveries waiting for it */
        delete: operations["delete_webhook"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The OpenAPI document of every route, generated from the route table */
        get: operations["openapi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The gateway's name and version, with links to the OpenAPI document and the docs page */
        get: operations["about_2"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/bookmark": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Bookmark a room (body: Bookmark with value = the room's JID) */
        post: operations["create_bookmark"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/bookmark/{bookmarkID}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One bookmark */
        get: operations["get_bookmark"];
        /** Change a bookmark's name or properties */
        put: operations["update_bookmark"];
        post?: never;
        /** Remove a bookmark */
        delete: operations["delete_bookmark"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/bookmark/{bookmarkID}/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set a bookmark property (autojoin, nick, password; body: the value) */
        post: operations["set_bookmark_property"];
        /** Unset a bookmark property */
        delete: operations["delete_bookmark_property"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/bookmarks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The user's room bookmarks (XEP-0402): {bookmarks: […]} */
        get: operations["get_bookmarks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/chat/chatstate/{state}/{to}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a chat state (XEP-0085): active, composing, paused, inactive, gone */
        post: operations["post_chat_state"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/chat/message/{to}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a chat message (the body, plain text) to a JID */
        post: operations["post_chat_message"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/chat/message/{to}/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Correct one of the user's own messages (XEP-0308): the body is the new text */
        put: operations["correct_chat_message"];
        post?: never;
        /** Retract one of the user's own messages (XEP-0424) */
        delete: operations["retract_chat_message"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/chat/message/{to}/{id}/displayed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark a message and those before it as displayed (read; XEP-0333) */
        post: operations["mark_chat_message_displayed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/chat/message/{to}/{id}/reactions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set the user's reactions to a message (XEP-0444): {reactions: [emoji…]}, none to withdraw them */
        put: operations["react_to_chat_message"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/chat/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The user message archive (MAM), as conversations: ?to=&start=&end=&keywords=&max=&after= */
        get: operations["get_chat_messages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/config/global": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The gateway's public settings */
        get: operations["get_global_config"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/config/properties": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The user's client properties (private XML storage, XEP-0049) with domain, username, name, email and groups */
        get: operations["get_properties"];
        put?: never;
        /** Set the user's client properties: [{name, value}] (name and email change the profile) or an object */
        post: operations["set_properties"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/groupchat/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A room's archive searched: ?room=&service=&keywords=&start=&end= */
        get: operations["groupchat_messages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/groupchat/room/{roomName}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A room as its disco info describes it (MUCRoomEntity) */
        get: operations["groupchat_room"];
        /** Join a room (created as an instant room if it is new; ?password=) */
        put: operations["groupchat_join"];
        /** Send a message (the body) to a room the user is in */
        post: operations["groupchat_post"];
        /** Leave a room */
        delete: operations["groupchat_leave"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/groupchat/room/{roomName}/chathistory": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The room's archive (MAM): {messages: […]} */
        get: operations["groupchat_history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/groupchat/room/{roomName}/message/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Correct one of the user's own messages in a room (XEP-0308): the body is the new text */
        put: operations["correct_room_message"];
        post?: never;
        /** Retract one of the user's own messages in a room (XEP-0424) */
        delete: operations["retract_room_message"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/groupchat/room/{roomName}/message/{id}/displayed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark a message of a room and those before it as displayed (read; XEP-0333) */
        post: operations["mark_room_message_displayed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/groupchat/room/{roomName}/message/{id}/moderate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Withdraw another occupant's message as a moderator of the room (XEP-0425): {reason} */
        post: operations["moderate_room_message"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/groupchat/room/{roomName}/message/{id}/reactions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set the user's reactions to a message of a room (XEP-0444): {reactions: [emoji…]} */
        put: operations["react_to_room_message"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/groupchat/room/{roomName}/occupants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The room's occupants: {occupants: [{jid, userAddress, role, affiliation}]} */
        get: operations["groupchat_occupants"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/groupchat/room/{roomName}/participants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The room's occupants with a voice: {participants: [{jid, role, affiliation}]} */
        get: operations["groupchat_participants"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/groupchat/room/{roomName}/{invitedJid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Invite someone to the room (body: the reason) */
        post: operations["groupchat_invite"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/groupchat/rooms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The rooms of a MUC service (?serviceName=, ?search=): {chatRooms: […]} */
        get: operations["groupchat_rooms"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/inbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The user's conversations (contacts and rooms), newest activity first: the last message as it now stands, the unread count, muted and hidden */
        get: operations["get_inbox"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/inbox/{with}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Mute or unmute, hide or show a conversation, or choose which room messages notify */
        put: operations["update_conversation"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/inbox/{with}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark a conversation read: a read marker (XEP-0333) for its newest message */
        post: operations["mark_conversation_read"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/login/{username}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Log in with username and password (the body); returns {token, refreshToken} */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Log out: the token used is revoked and the user's XMPP session ends */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/meet/{service}/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Online meetings: 501, not offered by this gateway */
        get: operations["meet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/pep/nodes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The user's own PEP nodes */
        get: operations["pep_nodes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/pep/publish/{node}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Publish an item (body: one XML element, or JSON) to the user's PEP node */
        post: operations["pep_publish"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/presence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set the user's presence (?show=online|chat|away|xa|dnd|unavailable&status=…) */
        post: operations["set_presence"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/presence/roster": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The roster with each contact's presence */
        get: operations["get_presence_roster"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/presence/{target}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A contact's presence as the session saw it: {username, show, status} */
        get: operations["get_presence"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/preview/{quality}/{url}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Link previews: 501, not made by this gateway */
        get: operations["preview"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/pubsub/create/{node}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a node on the pubsub service; 409 when it exists */
        post: operations["pubsub_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/pubsub/nodes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The pubsub service's nodes: {nodes: [{id, name}]} */
        get: operations["pubsub_nodes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/pubsub/publish/{node}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Publish an item (body: one XML element, or JSON) to a node */
        post: operations["pubsub_publish"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/pubsub/subscribe/{node}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Subscribe to a node; its items arrive as events */
        post: operations["pubsub_subscribe"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/pubsub/subscribers/{node}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A node's subscribers (for its owner): {users: [{username, subscription}]} */
        get: operations["pubsub_subscribers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/register/{username}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create an account (in-band registration; body: the password) and log in; returns {token, refreshToken} */
        post: operations["register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/roster": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The user's roster: {roster: [{jid, nickname, subscriptionType, show, status, groups}]} */
        get: operations["get_roster"];
        put?: never;
        /** Add a contact (body: RosterItemEntity); 409 when it is there */
        post: operations["add_roster_item"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/roster/requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Subscription requests waiting for the user's answer: {requests: [{jid, since}]} */
        get: operations["get_subscription_requests"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/roster/{jid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change a contact's nickname or groups */
        put: operations["update_roster_item"];
        post?: never;
        /** Remove a contact */
        delete: operations["delete_roster_item"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/roster/{jid}/subscription/{action}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve or deny a contact's waiting subscription request (404 when none waits), request the contact's presence or cancel that subscription */
        post: operations["subscription"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/service/token/{username}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A service account's token for a user it may act as (Authorization: Bearer <key>): the account's user scopes, for the token lifetime; the user's XMPP session is kept */
        post: operations["service_account_token"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/token/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new access token for a refresh token (body {refreshToken}); the refresh token is spent */
        post: operations["refresh_token"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The user's minted tokens, and service accounts' tokens acting as the user: {tokens: [{id, name, scopes, expiresAt, serviceAccount}]} */
        get: operations["list_tokens"];
        put?: never;
        /** Mint a narrower token from the caller's (body {name, scopes, expiresIn}): e.g. read-only for a dashboard; the token is shown once */
        post: operations["mint_token"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke one of the user's minted tokens (or a service account's token acting as the user): it stops working at once */
        delete: operations["revoke_token"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/totp/authenticate/{username}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Log in with a TOTP code (in the path, or as {code} at the alias); returns {token, refreshToken} */
        post: operations["totp_authenticate_1"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/totp/authenticate/{username}/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Log in with a TOTP code (in the path, or as {code} at the alias); returns {token, refreshToken} */
        post: operations["totp_authenticate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/totp/register/{username}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set up TOTP with the password (the body); returns {url: QR code PNG data URL, otpauth} */
        post: operations["totp_register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/upload/{fileName}/{fileSize}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An HTTP upload slot (XEP-0363): {putUrl, headers, getUrl} */
        get: operations["upload_slot"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/user": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The authenticated user: {username, name, email} */
        get: operations["get_user"];
        /** Change the user's name and email (profile and vCard) */
        put: operations["put_user"];
        post?: never;
        /** Delete the user's account on the XMPP server (XEP-0077) */
        delete: operations["delete_user"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/user/avatar": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set the user's avatar (body {type, data: base64}; PNG, JPEG, GIF or WebP, at most 128 KiB) */
        put: operations["put_avatar"];
        post?: never;
        /** Remove the user's avatar */
        delete: operations["delete_avatar"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/user/groups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The user's groups: {groupnames: […]} */
        get: operations["get_user_groups"];
        put?: never;
        /** Join groups, making those that do not exist yet (body: {groupnames: […]}) */
        post: operations["join_user_groups"];
        /** Leave groups (body: {groupnames: […]}) */
        delete: operations["leave_user_groups"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/user/groups/{groupName}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Join a group, making it if it does not exist yet */
        post: operations["join_user_group"];
        /** Leave a group */
        delete: operations["leave_user_group"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Users the gateway knows, ?search= by username, name or email */
        get: operations["search_users"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/vcard/{jid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Someone's name and avatar from their vCard: {jid, name, avatar (a data: URL)} */
        get: operations["get_card"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/webauthn/authenticate/finish/{username}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Finish a passkey login (body: the assertion JSON); returns {token, refreshToken} */
        post: operations["webauthn_authenticate_finish"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/webauthn/authenticate/start/{username}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a passkey login; returns {assertion: {publicKey}}, or a fresh token for a valid one */
        post: operations["webauthn_authenticate_start"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/webauthn/register/finish/{username}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Finish registering a passkey (body: the credential JSON); returns {token, refreshToken} */
        post: operations["webauthn_register_finish"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/webauthn/register/start/{username}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start registering a passkey with the password (the body); returns {credentials: {publicKey}} */
        post: operations["webauthn_register_start"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/webpush/action": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A notification's action (body: NotificationActionEntity); webpush.message sends the reply as a chat message */
        post: operations["webpush_action"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/webpush/message/{target}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Push a text (the body) with a reply action to every subscription of a user */
        post: operations["webpush_message"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/webpush/notify/{target}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Push a notification (body: NotificationEntity) to every subscription of a user */
        post: operations["webpush_notify"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/webpush/subscribe/{resource}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Store the browser's push subscription (body: PushSubscription JSON) for this resource */
        put: operations["webpush_subscribe"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/webpush/subscribers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The users with a push subscription: {users: […]} */
        get: operations["webpush_subscribers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/webpush/vapidkey": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The VAPID public key browsers subscribe with: {publicKey} */
        get: operations["webpush_vapid_key"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/rest/xmpp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a raw stanza (the body, XML); its from is the user */
        post: operations["post_stanza"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/api/sse": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Server-Sent Events of the user's XMPP session; resumes after Last-Event-ID */
        get: operations["sse"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sparkweb/sse": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Server-Sent Events of the user's XMPP session; resumes after Last-Event-ID */
        get: operations["sse_1"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description What a message does to the earlier message `id`: `correction` (its body is the new
         *     text), `retraction`, `reactions` (the sender's, all of them) or `displayed` (read up
         *     to it).
         */
        ActionEntity: {
            id: string;
            kind: string;
            reactions?: string[] | null;
        };
        /** @description The plugin's `UserEntity`: SparkWeb's, with the user's properties. */
        AdminUser: components["schemas"]["UserEntity"] & {
            properties: components["schemas"]["UserProperty"][];
        };
        /** @description The plugin's `UserEntities`. */
        AdminUsers: {
            users: components["schemas"]["AdminUser"][];
        };
        /** @description One affiliation list, under its own name: `{"members": ["a@example.org"]}`. */
        AffiliationList: {
            admins?: string[] | null;
            members?: string[] | null;
            outcasts?: string[] | null;
            owners?: string[] | null;
        };
        /**
         * @description What the API base answers: enough for a client to check the gateway is there
         *     (upstream's `isOnline()` sends `HEAD` here) and find the rest.
         */
        ApiDescription: {
            docs: string;
            name: string;
            openapi: string;
            version: string;
        };
        /** @description SparkWeb's `ArchivedMessage` (with the archive's id, to page on, and the message type). */
        ArchivedMessage: components["schemas"]["Standing"] & {
            body: string;
            conversationID: number;
            from: string;
            fromJID?: components["schemas"]["JidEntity"] | null;
            id: string;
            roomEvent: boolean;
            /** @description RFC 3339. */
            sentDate: string;
            to: string;
            toJID?: components["schemas"]["JidEntity"] | null;
            type: string;
        };
        /** @description `{assertion: {publicKey}}`: the options for `navigator.credentials.get`. */
        AuthenticationOptions: {
            assertion: Record<string, unknown>;
        };
        /**
         * @description The options for a passkey login, or (called with a still-valid token of that user, as
         *     SparkWeb does) a fresh token.
         */
        AuthenticationStart: components["schemas"]["AuthenticationOptions"] | components["schemas"]["TokenEntity"];
        /** @description A new avatar. */
        AvatarBody: {
            /** @description The image, base64, at most 128 KiB once decoded. */
            data: string;
            /** @description `image/png`, `image/jpeg`, `image/gif` or `image/webp`. */
            type: string;
        };
        BookmarkEntities: {
            bookmarks: components["schemas"]["BookmarkEntity"][];
        };
        /** @description SparkWeb's `Bookmark`. */
        BookmarkEntity: {
            /** Format: int64 */
            bookmarkID?: number | null;
            name?: string | null;
            properties?: components["schemas"]["Property"][];
            /** @description `group_chat` (the only kind XMPP bookmarks hold). */
            type?: string | null;
            /** @description The room's JID. */
            value?: string | null;
        };
        BrowserKeys: {
            auth: string;
            p256dh: string;
        };
        /**
         * @description A copy of a message of the user's other device (XEP-0280 carbons): one it sent, or one
         *     it received.
         * @enum {string}
         */
        Carbon: "sent" | "received";
        /** @description What someone's vCard says. */
        CardEntity: {
            /**
             * @description Their avatar as a `data:` URL of a PNG, JPEG, GIF or WebP image (at most 128 KiB);
             *     none when they have none, or one of another type or size.
             */
            avatar?: string | null;
            jid: string;
            /** @description The name they chose (FN, else NICKNAME), at most 200 characters. */
            name?: string | null;
        };
        /** @description `chatapi.chat`: a message with text, or a chat state (typing) without one. */
        ChatEvent: components["schemas"]["ChatMessage"] | components["schemas"]["ChatStateChange"];
        ChatMessage: {
            body: string;
            carbon?: components["schemas"]["Carbon"] | null;
            /** @description JSON the message carries (XEP-0335), as upstream's `data`. */
            data?: unknown;
            /** @description When it was first sent, for a message delivered late (RFC 3339). */
            delay?: string | null;
            from: string;
            /**
             * @description The message's own `id`: what a correction of it names (`replaces`), and between two
             *     users what reactions and replies name.
             */
            id?: string | null;
            /**
             * @description In a room: the id the room gives its author (XEP-0421), the same whatever their
             *     nickname. Where a message has one, only a correction or withdrawal with the same
             *     applies to it: another account that took the nickname cannot.
             */
            occupantId?: string | null;
            /** @description The sender's id of it (XEP-0359 `origin-id`). */
            originId?: string | null;
            /**
             * @description For a correction (XEP-0308): the `id` of the message whose text this replaces; it
             *     applies only where that message has the same sender.
             */
            replaces?: string | null;
            replyTo?: components["schemas"]["Reply"] | null;
            /**
             * @description The id its archive gave it (XEP-0359 `stanza-id`): stable across live delivery and
             *     history, what a client deduplicates on.
             */
            stanzaId?: string | null;
            to: string;
            type: components["schemas"]["MessageKind"];
        };
        /** @description `{chatRooms: […]}`: the bulk route's body. */
        ChatRoomBodies: {
            chatRooms: components["schemas"]["ChatRoomBody"][];
        };
        /**
         * @description `POST /chatrooms`, `PUT /chatrooms/{roomName}` and the bulk route's items: the plugin's
         *     `ChatRoom`. A missing flag is false, as the plugin reads it; a missing list is empty.
         */
        ChatRoomBody: {
            adminGroups?: string[] | null;
            admins?: string[] | null;
            /** @description `anyone` (the default), `participants`, `moderators` or `none`. */
            allowPM?: string | null;
            broadcastPresenceRoles?: string[] | null;
            canAnyoneDiscoverJID?: boolean | null;
            /** @description Not a setting standard XMPP has: taken, not applied. */
            canChangeNickname?: boolean | null;
            canOccupantsChangeSubject?: boolean | null;
            canOccupantsInvite?: boolean | null;
            description?: string | null;
            logEnabled?: boolean | null;
            /** @description Not a setting standard XMPP has: taken, not applied. */
            loginRestrictedToNickname?: boolean | null;
            /** Format: int32 */
            maxUsers?: number | null;
            memberGroups?: string[] | null;
            members?: string[] | null;
            membersOnly?: boolean | null;
            moderated?: boolean | null;
            naturalName?: string | null;
            outcastGroups?: string[] | null;
            outcasts?: string[] | null;
            /** @description Group names: their members get the affiliation. */
            ownerGroups?: string[] | null;
            /** @description Bare JIDs, or usernames of the gateway's domain. */
            owners?: string[] | null;
            password?: string | null;
            persistent?: boolean | null;
            publicRoom?: boolean | null;
            /** @description Not a setting standard XMPP has: taken, not applied. */
            registrationEnabled?: boolean | null;
            roomName?: string | null;
            subject?: string | null;
        };
        /** @description `GET /chatrooms`: `{chatRooms: […]}`. */
        ChatRoomEntities: {
            chatRooms: components["schemas"]["ChatRoomEntity"][];
        };
        /** @description The plugin's `ChatRoom` as answered. */
        ChatRoomEntity: {
            adminGroups: string[];
            admins: string[];
            allowPM: string;
            broadcastPresenceRoles: string[];
            canAnyoneDiscoverJID: boolean;
            /** @description Always true: occupants may change nicknames on the supported servers. */
            canChangeNickname: boolean;
            canOccupantsChangeSubject: boolean;
            canOccupantsInvite: boolean;
            /**
             * Format: int64
             * @description Milliseconds since the epoch: when the room was made through the gateway (0: made
             *     elsewhere, not known).
             */
            creationDate: number;
            description: string;
            logEnabled: boolean;
            /** @description Always false: the supported servers have no such restriction. */
            loginRestrictedToNickname: boolean;
            /**
             * Format: int32
             * @description 0: no limit (or the server's form has none).
             */
            maxUsers: number;
            memberGroups: string[];
            members: string[];
            membersOnly: boolean;
            moderated: boolean;
            /**
             * Format: int64
             * @description When the gateway last changed it (0: not known).
             */
            modificationDate: number;
            naturalName: string;
            outcastGroups: string[];
            outcasts: string[];
            ownerGroups: string[];
            owners: string[];
            password?: string | null;
            persistent: boolean;
            publicRoom: boolean;
            /** @description Always true: XEP-0045 registration is open on the supported servers. */
            registrationEnabled: boolean;
            roomName: string;
            subject: string;
        };
        /** @description The plugin's `ChatService`. */
        ChatService: {
            description: string;
            hidden: boolean;
            /** @description The service's name under the domain (`conference` for `conference.example.org`). */
            serviceName: string;
        };
        ChatServiceBody: {
            description?: string | null;
            hidden?: boolean | null;
            serviceName?: string | null;
        };
        /** @description `{chatService: […]}`. */
        ChatServices: {
            chatService: components["schemas"]["ChatService"][];
        };
        ChatStateChange: {
            from: string;
            state: components["schemas"]["ChatStateName"];
            to: string;
            /** @description The message's type (upstream's field). */
            type: components["schemas"]["MessageKind"];
        };
        /**
         * @description A chat state (XEP-0085), by its element name.
         * @enum {string}
         */
        ChatStateName: "active" | "composing" | "paused" | "inactive" | "gone";
        CodeBody: {
            code: string;
        };
        /** @description The first event of every stream: who the stream is for. */
        ConnectEvent: {
            email: string;
            name: string;
            username: string;
        };
        /** @description SparkWeb's `Conversation`, with its messages. */
        Conversation: {
            chatRoom?: string | null;
            conversationID: number;
            external: boolean;
            lastActivity: string;
            messageCount: number;
            messages: components["schemas"]["ArchivedMessage"][];
            /** @description The participants' JIDs as text. */
            participantList: string[];
            participants: components["schemas"]["JidEntity"][];
            room?: components["schemas"]["JidEntity"] | null;
            startDate: string;
        };
        /** @description What to change of a conversation (absent: unchanged). */
        ConversationSettings: {
            /** @description Leave it out of the inbox until something new happens in it. */
            hidden?: boolean | null;
            /** @description No notifications for it. */
            muted?: boolean | null;
            notify?: components["schemas"]["Notify"] | null;
        };
        /** @description SparkWeb's `Conversations`, with the page's bounds to page on. */
        Conversations: {
            conversations: components["schemas"]["Conversation"][];
            /** @description The page before this one ends `before` this. */
            first?: string | null;
            /** @description The next page starts `after` this (absent on the last page). */
            last?: string | null;
        };
        /**
         * @description How far a sent stanza got when the keeper answered.
         * @enum {string}
         */
        Delivery: "acked" | "sent" | "queued";
        /** @description One entry (the plugin's `SecurityAuditLog`). */
        Entry: {
            /** @description The request's method and path (never its body or query). */
            details: string;
            /** Format: int64 */
            logId: number;
            /** @description Where: the XMPP domain the gateway serves. */
            node: string;
            /** @description What: the route's description. */
            summary: string;
            /**
             * Format: int64
             * @description When, in seconds since the epoch (as the plugin gives it).
             */
            timestamp: number;
            /** @description Who: an administrator's username, or `(user service secret)`. */
            username: string;
        };
        /**
         * @description What every error answers: `{error, message, exception, resource}` (and, for some, further
         *     fields). `exception` and `resource` are the names Openfire's REST API plugin gives them
         *     (its `ErrorResponse`): its clients raise their typed exceptions from `exception`.
         */
        Error: {
            /** @description The machine name: an exception name SparkWeb and Openfire clients know, or ours. */
            error: string;
            /** @description The machine name again, under the name Openfire's REST API plugin uses. */
            exception: string;
            /** @description What happened and what to do next. */
            message: string;
            /**
             * @description The path the request named: on the REST API plugin's routes only (elsewhere a path
             *     may carry a one-time code, e.g. TOTP's, which an answer should not repeat).
             */
            resource?: string;
        };
        ErrorNotice: {
            condition: string;
            from: string;
            /** @description The error's type (`cancel`, `modify`, …); empty when the stanza carried none. */
            kind: string;
            text: string;
            to: string;
        };
        GapNotice: {
            /** @description What is missing and why. */
            reason: string;
        };
        GlobalConfig: {
            about: string;
            domain: string;
            registration: boolean;
            uploadService: string;
            /** @description Upstream's fields: the gateway's version and what it is. */
            version: string;
            webauthn: components["schemas"]["WebAuthnSettings"];
            webpush: components["schemas"]["WebPushSettings"];
        };
        Group: {
            /** @description The group's administrators (usernames; members too). */
            admins?: string[];
            description?: string;
            /**
             * @description Made by a user joining a group nobody had made (not by an administrator): it goes
             *     away with its last member.
             */
            madeByJoining?: boolean;
            name: string;
            /** @description A shared group's members see each other in their rosters. */
            shared?: boolean;
        };
        /** @description The plugin's `Group` entity, as sent. */
        GroupBody: {
            /**
             * @description Administrators (members too): usernames or bare JIDs of this domain. On `PUT`, the
             *     list replaces the old one; missing: unchanged.
             */
            admins?: string[] | null;
            description?: string | null;
            /** @description Members: usernames or bare JIDs of this domain. On `PUT`, as `admins`. */
            members?: string[] | null;
            name?: string | null;
            shared?: boolean | null;
        };
        GroupEntities: {
            groups: components["schemas"]["Group"][];
        };
        /** @description The plugin's `Group` entity, as answered: administrators and members as bare JIDs. */
        GroupEntity: {
            admins: string[];
            description: string;
            members: string[];
            name: string;
            shared: boolean;
        };
        /**
         * @description The plugin's `UserGroupsEntity`: `{groupnames: […]}` (`groupname`, the old User
         *     Service name, is read too).
         */
        GroupNames: {
            groupnames?: string[];
        };
        /** @description The plugin's chat history `Message`. */
        HistoryMessage: {
            body: string;
            delay_from: string;
            /** @description When the archive stored it (XEP-0082). */
            delay_stamp: string;
            from: string;
            to: string;
            type: string;
        };
        /** @description `{message: […]}`. */
        HistoryMessages: {
            message: components["schemas"]["HistoryMessage"][];
        };
        /**
         * @description One conversation: with whom, the last message, how many of the others' messages are
         *     unread, and what the user chose for it.
         */
        InboxConversation: {
            /**
             * Format: int64
             * @description The latest activity, in milliseconds since the epoch.
             */
            at: number;
            /** @description Hidden by the user until something new happens in it. */
            hidden: boolean;
            last?: components["schemas"]["InboxLastMessage"] | null;
            muted: boolean;
            /** @description The contact's name in the roster, or the room's bookmark name (not in events). */
            name?: string | null;
            /** @description In a room: which messages notify when no page is open. */
            notify: components["schemas"]["Notify"];
            /** @description Whether it is a room (group chat). */
            room: boolean;
            /** @description How many messages of others came after the user's read position. */
            unread: number;
            /** @description The contact or the room. */
            with: string;
        };
        /** @description The last message of a conversation, as it now stands. */
        InboxLastMessage: components["schemas"]["MessageIds"] & {
            /**
             * Format: int64
             * @description When it was sent or seen, in milliseconds since the epoch.
             */
            at: number;
            /** @description Its text (after corrections); empty once withdrawn. */
            body: string;
            /** @description The user's message, read by the contact (XEP-0333). */
            displayed?: boolean;
            /**
             * Format: int64
             * @description When its text was last corrected (XEP-0308), in milliseconds since the epoch.
             */
            edited?: number | null;
            /** @description Who sent it (in a room, `room@service/nick`). */
            from?: string | null;
            /** @description Whether the user sent it. */
            mine: boolean;
            /** @description In a room: the id the room gives its author (XEP-0421), where it stamps one. */
            occupantId?: string | null;
            /** @description Withdrawn by its sender (XEP-0424): a tombstone. */
            retracted?: boolean;
        };
        /** @description A page of the inbox. */
        InboxPage: {
            conversations: components["schemas"]["InboxConversation"][];
            /** @description Where the next page starts (`?after=`); absent on the last page. */
            next?: string | null;
        };
        Invitation: {
            from: string;
            inviter: string;
            password: string;
            reason: string;
            /** @description The room. */
            room: string;
            to: string;
            type: components["schemas"]["InvitationKind"];
            /** @description Upstream's field; no invitation this gateway reads carries one. */
            url: string;
        };
        /** @description The plugin's `MUCInvitationEntity`. */
        InvitationBody: {
            /** @description JIDs, usernames or group names (a group: its members). */
            jidsToInvite?: string[] | null;
            reason?: string | null;
        };
        /**
         * @description The only `type` of an invitation event.
         * @enum {string}
         */
        InvitationKind: "invitationReceived";
        /** @description SparkWeb's `JID` entity. */
        JidEntity: {
            domain: string;
            node: string;
            resource: string;
        };
        /**
         * @description A message as JSON: its text, JSON for the receiving app (XEP-0335, arriving as the
         *     event's `data`), and the id of the message it answers (XEP-0461).
         */
        JsonMessage: {
            body?: string;
            data?: unknown;
            replyTo?: string | null;
        };
        /** @description A key as listed: its id and when it was made (the key itself is shown once). */
        KeyEntity: {
            /** Format: int64 */
            created: number;
            id: string;
            /** @description The key: only in the answer that made it. */
            key?: string | null;
        };
        /** @description The User Service's parameters (from the query string, or a form body: the query wins). */
        LegacyParams: {
            email?: string | null;
            /** @description Group names, comma-separated. */
            groups?: string | null;
            /** @description A roster item's bare JID. */
            item_jid?: string | null;
            /** @description The user's bare JID (instead of `username`). */
            jid?: string | null;
            name?: string | null;
            password?: string | null;
            /** @description The user service's shared secret. */
            secret?: string | null;
            /** @description -1 remove, 0 none, 1 to, 2 from, 3 both. */
            subscription?: string | null;
            /**
             * @description add, delete, update, enable, disable, add_roster, update_roster, delete_roster,
             *     grouplist or usergrouplist.
             */
            type?: string | null;
            username?: string | null;
        };
        /** @description The plugin's `MessageEntity`. */
        MessageEntity: {
            body?: string | null;
        };
        /**
         * @description The ids a message goes by: its own `id`, its sender's `origin-id`, its archive's
         *     `stanza-id`. A later message names it by one of them.
         */
        MessageIds: {
            id?: string | null;
            originId?: string | null;
            stanzaId?: string | null;
        };
        /**
         * @description The `type` of a message.
         * @enum {string}
         */
        MessageKind: "chat" | "groupchat" | "normal" | "headline";
        /** @description A narrower token to mint from the caller's own. */
        MintRequest: {
            /**
             * Format: int64
             * @description Seconds until it expires: 30 days unless given, a year at most, and never after the
             *     token it is minted with when that one is itself narrowed.
             */
            expiresIn?: number | null;
            /** @description What it is for (shown when tokens are listed): at most 64 characters. */
            name: string;
            /**
             * @description What it may do: scope names (`chat:read`, `chat:write`, …), all of them the
             *     caller's own.
             */
            scopes: string[];
        };
        /** @description A minted token as it is listed (`token` only in the answer that mints it). */
        MintedToken: {
            /**
             * Format: int64
             * @description When it expires, in seconds since the epoch.
             */
            expiresAt: number;
            /** @description What revokes it: `DELETE tokens/{id}`. */
            id: string;
            name: string;
            scopes: string[];
            /** @description The service account it was minted for, if any. */
            serviceAccount?: string | null;
            /** @description The access token (JWT): shown once, when it is minted. */
            token?: string | null;
        };
        MintedTokens: {
            tokens: components["schemas"]["MintedToken"][];
        };
        /** @description What a moderator may say of a withdrawn message. */
        ModerationBody: {
            /** @description Why (shown to the room's occupants; at most 1,024 characters). */
            reason?: string | null;
        };
        /** @description A new service account. */
        NewServiceAccount: {
            /** @description What it is for (shown in lists and the audit log): at most 64 characters. */
            name: string;
            /**
             * @description The rooms its tokens may reach on rooms routes (names or `name@service`); left out:
             *     any.
             */
            rooms?: string[] | null;
            /**
             * @description What its key may do (`admin:*` scopes on the admin routes, the others on the tokens
             *     it mints for users).
             */
            scopes: string[];
            /** @description The usernames it may act as; left out: any user. */
            users?: string[] | null;
        };
        NodeEntities: {
            nodes: components["schemas"]["NodeEntity"][];
        };
        /** @description SparkWeb's `NodeEntity`. */
        NodeEntity: {
            id: string;
            name: string;
        };
        /**
         * @description SparkWeb's `NotificationActionEntity`: a button of a notification, and what the service
         *     worker posts back to `webpush/action` when it is used.
         */
        NotificationActionEntity: {
            action?: string;
            data?: string | null;
            icon?: string | null;
            placeholder?: string | null;
            title?: string | null;
            type?: string | null;
            value?: string | null;
        };
        /** @description SparkWeb's `NotificationEntity`. */
        NotificationEntity: {
            actions?: components["schemas"]["NotificationActionEntity"][];
            body?: string;
            data?: string | null;
            icon?: string | null;
            requireInteraction?: boolean;
            subject?: string;
        };
        /**
         * @description Which room messages notify the user when no page is open.
         * @enum {string}
         */
        Notify: "all" | "mentions";
        /** @description `chatapi.notify`'s data, as upstream sends it (the ids ride along for deduplication). */
        NotifyEvent: {
            carbon?: components["schemas"]["Carbon"] | null;
            data: unknown;
            from: string;
            originId?: string | null;
            stanzaId?: string | null;
            to: string;
            /** @description Always `notify`. */
            type: string;
        };
        Occupancy: {
            affiliation: string;
            jid?: string | null;
            role: string;
        };
        OccupantEntities: {
            occupants: components["schemas"]["OccupantEntity"][];
        };
        /** @description The plugin's `Occupant`. */
        OccupantEntity: {
            affiliation: string;
            /** @description The occupant's room JID (`room@service/nick`). */
            jid: string;
            role: string;
            /** @description The occupant's real (bare) JID, as the room shows it to its owner. */
            userAddress?: string | null;
        };
        ParticipantEntities: {
            participants: components["schemas"]["OccupantEntity"][];
        };
        ParticipantEntity: {
            affiliation: string;
            jid: string;
            role: string;
        };
        PresenceChange: {
            from: string;
            muc?: components["schemas"]["Occupancy"] | null;
            /**
             * @description Availability or subscription: what the presence's own `type` says (`available` for
             *     one without).
             */
            presence: components["schemas"]["PresenceKind"];
            show: components["schemas"]["Show"];
            status: string;
            to: string;
            type?: components["schemas"]["PresenceLabel"];
        };
        /** @description SparkWeb's `PresenceEntity`. */
        PresenceEntity: {
            show: string;
            status: string;
            username: string;
        };
        /**
         * @description A presence's `type`: `available` for a presence without one.
         * @enum {string}
         */
        PresenceKind: "available" | "unavailable" | "subscribe" | "subscribed" | "unsubscribe" | "unsubscribed" | "probe";
        /**
         * @description The `type` upstream gives every presence event.
         * @enum {string}
         */
        PresenceLabel: "presence";
        Property: {
            key: string;
            value: string;
        };
        PublicKey: {
            publicKey: string;
        };
        /** @description What the browser's PublicKeyCredential.toJSON() makes */
        PublicKeyCredentialJSON: Record<string, unknown>;
        /** @description The browser's `PushSubscription.toJSON()`. */
        PushSubscriptionJSON: {
            endpoint: string;
            keys: components["schemas"]["BrowserKeys"];
        };
        RawStanza: {
            /** @description Base64 of the stanza's XML. */
            xmpp: string;
        };
        /** @description One reaction to a message and who reacted with it. */
        ReactionEntity: {
            by: string[];
            reaction: string;
        };
        /** @description The user's reactions to a message, all of them (none withdraws them). */
        ReactionsBody: {
            /** @description Each one short symbol sequence (an emoji), at most 32. */
            reactions: string[];
        };
        /** @description All of `from`'s reactions to the message `id` (empty: withdrawn). */
        ReactionsChange: {
            carbon?: components["schemas"]["Carbon"] | null;
            from: string;
            id: string;
            reactions: string[];
            to: string;
            type: components["schemas"]["MessageKind"];
        };
        Receipt: {
            from: string;
            /** @description The id of the message received. */
            id: string;
            to: string;
        };
        /**
         * @description A message naming an earlier one (withdrawn by its sender, or displayed up to it): `id`
         *     names it as the XEP says (between two users its own id — a retraction's its origin-id —,
         *     in a room the room's stanza-id).
         */
        Reference: {
            carbon?: components["schemas"]["Carbon"] | null;
            from: string;
            id: string;
            /** @description In a room: the id the room gives its author (XEP-0421), as on [`ChatMessage`]. */
            occupantId?: string | null;
            to: string;
            type: components["schemas"]["MessageKind"];
        };
        RefreshRequest: {
            refreshToken: string;
        };
        /** @description `{credentials: {publicKey}}`: the options for `navigator.credentials.create`. */
        RegistrationOptions: {
            credentials: Record<string, unknown>;
        };
        /** @description The message a message answers (XEP-0461): its id, and its author where given. */
        Reply: {
            id: string;
            to?: string | null;
        };
        /** @description The message a message answers. */
        ReplyEntity: {
            id: string;
            to?: string | null;
        };
        Requests: {
            requests: components["schemas"]["Waiting"][];
        };
        /** @description The plugin's `RoomCreationResults`. */
        RoomCreationResults: {
            failure: components["schemas"]["RoomResult"][];
            other: components["schemas"]["RoomResult"][];
            success: components["schemas"]["RoomResult"][];
        };
        RoomEntities: {
            chatRooms: components["schemas"]["RoomEntity"][];
        };
        /** @description SparkWeb's `MUCRoomEntity` (the parts disco tells). */
        RoomEntity: {
            canAnyoneDiscoverJID?: boolean | null;
            canOccupantsChangeSubject?: boolean | null;
            description?: string | null;
            membersOnly?: boolean | null;
            moderated?: boolean | null;
            naturalName: string;
            /** Format: int64 */
            occupants?: number | null;
            passwordProtected?: boolean | null;
            persistent?: boolean | null;
            publicRoom?: boolean | null;
            roomName: string;
            subject?: string | null;
        };
        /** @description `chatapi.muc`: a room message, or an invitation to a room. */
        RoomEvent: components["schemas"]["ChatMessage"] | components["schemas"]["Invitation"];
        RoomMessageEntities: {
            /** @description The page before this one ends `before` this. */
            first?: string | null;
            last?: string | null;
            messages: components["schemas"]["RoomMessageEntity"][];
        };
        /** @description SparkWeb's `MUCRoomMessageEntity`. */
        RoomMessageEntity: components["schemas"]["Standing"] & {
            body: string;
            delayFrom: string;
            delayStamp: string;
            from: string;
            /**
             * @description The room's id of it (its stanza-id): what reactions, retractions and replies in the
             *     room name, and what `after` pages on.
             */
            id: string;
            to: string;
            type: string;
        };
        /** @description One room's outcome in a bulk creation. */
        RoomResult: {
            message: string;
            /** @description `Success` or `Failure`. */
            resultType: string;
            roomName: string;
        };
        RosterChange: {
            /** @description Whether a subscription request of the user is pending. */
            ask: boolean;
            groups: string[];
            jid: string;
            name: string;
            subscription: string;
        };
        RosterEntities: {
            roster: components["schemas"]["RosterItemEntity"][];
        };
        RosterEntity: {
            rosterItem: components["schemas"]["RosterItemEntity"][];
        };
        /** @description SparkWeb's and Openfire's `RosterItemEntity` (`show`/`status` only where presence is known). */
        RosterItemEntity: {
            groups?: string[] | null;
            jid?: string | null;
            nickname?: string | null;
            show?: string | null;
            status?: string | null;
            /**
             * Format: int64
             * @description Openfire's codes: -1 remove, 0 none, 1 to, 2 from, 3 both.
             */
            subscriptionType?: number | null;
        };
        /** @description `{logs: […]}`. */
        SecurityAuditLogs: {
            logs: components["schemas"]["Entry"][];
        };
        /** @description What became of a message. */
        Sent: {
            delivery: components["schemas"]["Delivery"];
            /** @description The message's id (its XEP-0359 origin-id): the client's `Idempotency-Key`, or a new one. */
            id: string;
            /** @description Whether this was a retry of a message the server had confirmed already (not sent again). */
            repeated: boolean;
        };
        ServiceAccountEntities: {
            serviceAccounts: components["schemas"]["ServiceAccountEntity"][];
        };
        ServiceAccountEntity: {
            /** Format: int64 */
            created: number;
            id: string;
            /** @description The key: only in the answer that created the account. */
            key?: string | null;
            keys: components["schemas"]["KeyEntity"][];
            name: string;
            rooms?: string[] | null;
            scopes: string[];
            users?: string[] | null;
        };
        /** @description A token a service account minted for a user. */
        ServiceToken: {
            /** Format: int64 */
            expiresAt: number;
            scopes: string[];
            /** @description The access token (JWT): send it as `Authorization: Bearer <token>`. */
            token: string;
        };
        SessionChange: {
            /** @description Why it is reconnecting or ended. */
            reason?: string | null;
            /** @description Back online: whether the stream was resumed (nothing missed) or is a new one. */
            resumed?: boolean | null;
            state: components["schemas"]["SessionState"];
        };
        /** @description The plugin's `SessionEntities`. */
        SessionEntities: {
            sessions: components["schemas"]["SessionEntity"][];
        };
        /**
         * @description The plugin's `SessionEntity`, for one of the gateway's logins: each is a session of the
         *     user's one XMPP session on the server, told apart by its login id (`resource`).
         */
        SessionEntity: {
            /**
             * Format: int64
             * @description When the login started (milliseconds since the epoch).
             */
            creationDate: number;
            /**
             * Format: int64
             * @description The same: the gateway does not record each use of a login.
             */
            lastActionDate: number;
            /** @description Always `Local`: the gateway's logins are in its store, not on one node. */
            node: string;
            /** Format: int32 */
            priority: number;
            /** @description The login's id. */
            resource: string;
            /** @description `user@domain/<login id>`. */
            sessionId: string;
            /** @description Always `Authenticated`: only live logins are listed. */
            sessionStatus: string;
            username: string;
        };
        /**
         * @description The user's XMPP session as the keeper holds it.
         * @enum {string}
         */
        SessionState: "online" | "reconnecting" | "ended";
        /** @description The plugin's `SessionsCount`. */
        SessionsCount: {
            /** @description The same: every keeper shares the gateway's store. */
            clusterSessions: number;
            /** @description The gateway's live logins. */
            localSessions: number;
        };
        /**
         * @description A presence's `show`, as upstream's Smack mode names it (`available` for plain availability).
         * @enum {string}
         */
        Show: "available" | "away" | "chat" | "dnd" | "xa";
        /**
         * @description How an archived message stands (beyond upstream's fields): its own ids, what later
         *     messages did to it (folded in: see `xwg_core::xmpp::folding`), the message it answers,
         *     and, for one whose action did not apply (or in a raw read), that action.
         */
        Standing: {
            action?: components["schemas"]["ActionEntity"] | null;
            /** @description Who said they displayed (read) it, and so every message before it (XEP-0333). */
            displayedBy?: string[];
            /** @description When its text was last corrected (RFC 3339); the text shown is the corrected one. */
            edited?: string | null;
            /**
             * @description Its own `id`: what a correction of it names, and between two users what reactions
             *     and replies name.
             */
            messageId?: string | null;
            /** @description In a room: the id the room gives its author (XEP-0421), whatever their nickname. */
            occupantId?: string | null;
            /** @description Its XEP-0359 origin-id (what a retraction between two users names). */
            originId?: string | null;
            /** @description The reactions to it, each with who reacted. */
            reactions?: components["schemas"]["ReactionEntity"][];
            replyTo?: components["schemas"]["ReplyEntity"] | null;
            /** @description When its sender withdrew it (RFC 3339): a tombstone, its text gone. */
            retracted?: string | null;
        };
        /**
         * @description Every event of the stream by its name (the SSE `event:`), with its `data:`; each also
         *     has an `id:` to resume after.
         */
        StreamEvents: {
            "chatapi.chat": components["schemas"]["ChatEvent"];
            "chatapi.displayed": components["schemas"]["Reference"];
            "chatapi.error": components["schemas"]["ErrorNotice"];
            "chatapi.gap": components["schemas"]["GapNotice"];
            "chatapi.inbox": components["schemas"]["InboxConversation"];
            "chatapi.muc": components["schemas"]["RoomEvent"];
            "chatapi.notify": components["schemas"]["NotifyEvent"];
            "chatapi.presence": components["schemas"]["PresenceChange"];
            "chatapi.reactions": components["schemas"]["ReactionsChange"];
            "chatapi.receipt": components["schemas"]["Receipt"];
            "chatapi.retraction": components["schemas"]["Reference"];
            "chatapi.roster": components["schemas"]["RosterChange"];
            "chatapi.session": components["schemas"]["SessionChange"];
            "chatapi.subscription": components["schemas"]["SubscriptionChange"];
            "chatapi.xmpp": components["schemas"]["RawStanza"];
            onConnect: components["schemas"]["ConnectEvent"];
        };
        SubscriberEntities: {
            users: components["schemas"]["SubscriberEntity"][];
        };
        SubscriberEntity: {
            subscription: string;
            username: string;
        };
        SubscriptionChange: {
            from: string;
            to: string;
            type: components["schemas"]["SubscriptionKind"];
        };
        /**
         * @description A subscription request or answer.
         * @enum {string}
         */
        SubscriptionKind: "subscribe" | "subscribed" | "unsubscribe" | "unsubscribed";
        /** @description SparkWeb's `TokenEntity` (`{token}`), plus the refresh token of the login. */
        TokenEntity: {
            /** @description Single use: `POST token/refresh` with it for the next access token. */
            refreshToken: string;
            /** @description The access token (JWT): send it as `Authorization: <token>`. */
            token: string;
        };
        /**
         * @description SparkWeb's `TOTPEntity` (`url`: the QR code to scan, as a PNG data URL) and the
         *     otpauth URL it encodes, for apps on the same device.
         */
        TotpEntity: {
            otpauth: string;
            url: string;
        };
        UploadSlotEntity: {
            get: string;
            /** @description Where the file can be fetched once uploaded. */
            getUrl: string;
            headers: {
                [key: string]: string;
            };
            /** @description Upstream's names: `put` is `putUrl`, `get` is `getUrl`. */
            put: string;
            /** @description Where to PUT the file, with `headers`. */
            putUrl: string;
        };
        /** @description `POST /users` and `PUT /users/{username}` bodies: the plugin's `UserEntity`. */
        UserBody: {
            email?: string | null;
            name?: string | null;
            password?: string | null;
            /** @description The user's properties; on `PUT`, missing means none (as the plugin replaces them). */
            properties?: components["schemas"]["UserProperty"][] | null;
            username?: string | null;
        };
        /** @description SparkWeb's `UserEntities`. */
        UserEntities: {
            users: components["schemas"]["UserEntity"][];
        };
        /** @description SparkWeb's (and Openfire's REST API's) `UserEntity`. */
        UserEntity: {
            email: string;
            name: string;
            username: string;
        };
        /** @description SparkWeb's `UserGroupsEntity`. */
        UserGroupsEntity: {
            groupnames: string[];
        };
        /** @description One of a user's properties (the plugin's `UserProperty`). */
        UserProperty: {
            key: string;
            value?: string | null;
        };
        UserUpdate: {
            email?: string | null;
            name?: string | null;
        };
        /** @description A request waiting for the user's answer. */
        Waiting: {
            /** @description Who asks to see the user's presence. */
            jid: string;
            /**
             * Format: int64
             * @description When the session saw the request (seconds since the epoch).
             */
            since: number;
        };
        WebAuthnSettings: {
            rpId: string;
        };
        WebPushSettings: {
            /** @description Whether the XMPP server pushes to the gateway while a user has no session (XEP-0357). */
            serverPush: boolean;
        };
        /** @description One delivery, as its body carries it (`WebhookDelivery` in the OpenAPI document). */
        WebhookDelivery: {
            /** @description What the stream's event `event` carries (`StreamEvents`). */
            data: Record<string, unknown>;
            /**
             * @description The event stream's name for it (`chatapi.chat`…): `data` is what that event carries;
             *     `account` for an account's change, which no stream carries (`data`: `{action}`).
             */
            event: string;
            /** @description Unique per event (and the same on every attempt): what a receiver de-duplicates on. */
            id: string;
            /**
             * Format: int64
             * @description When it was queued, in milliseconds since the epoch.
             */
            timestamp: number;
            /** @description The kind of event ([`KINDS`]). */
            type: string;
            /** @description The user whose session saw it. */
            user: string;
        };
        WebhookEntities: {
            webhooks: components["schemas"]["WebhookEntity"][];
        };
        /** @description A webhook as listed, with how its delivery stands. */
        WebhookEntity: {
            /** Format: int64 */
            delivered: number;
            events: string[];
            /**
             * Format: int32
             * @description Failed attempts in a row, the last one's reason, the next attempt (ms).
             */
            failures: number;
            id: string;
            lastError?: string | null;
            /** Format: int64 */
            nextAttempt?: number | null;
            /** @description Why delivery is paused, when it is. */
            paused?: string | null;
            rooms?: string[] | null;
            /** @description The newest signing secret: only in the answer that made it. */
            secret?: string | null;
            /** @description How many secrets sign (2 during a rotation). */
            secrets: number;
            url: string;
            users?: string[] | null;
            /** @description Deliveries waiting (counted up to 1000). */
            waiting: number;
        };
        /** @description A webhook to register, or (every field optional) a change to one. */
        WebhookRequest: {
            /** @description Stop signing with all but the newest secret. */
            dropOldSecret?: boolean;
            /**
             * @description The kinds of events to deliver: `chat`, `room_message`, `invitation`, `chat_state`,
             *     `receipt`, `presence`, `subscription`, `roster`, `error`, `session`, `retraction`,
             *     `displayed`, `reactions`, `account` (an account created or deleted through the
             *     gateway).
             */
            events?: string[] | null;
            /** @description `false` resumes a paused webhook (from where it stopped); `true` pauses it. */
            paused?: boolean | null;
            /** @description Only room events of these rooms (bare addresses); left out: any room. */
            rooms?: string[] | null;
            /**
             * @description A new signing secret (shown once); the previous one still signs until
             *     `dropOldSecret`.
             */
            rotateSecret?: boolean;
            /**
             * @description The endpoint: https on a public address (or a `host:port` in
             *     `XWG_WEBHOOK_ALLOW_ENDPOINTS`).
             */
            url?: string | null;
            /**
             * @description Only events of these users' sessions (usernames of the gateway's users; a session
             *     sees every message to or from its user); left out: every user's.
             */
            users?: string[] | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    about_1: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiDescription"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    userservice_1: {
        parameters: {
            query?: {
                /**
                 * @description add, delete, update, enable, disable, add_roster, update_roster, delete_roster,
                 *     grouplist or usergrouplist.
                 */
                type?: string;
                /** @description The user service's shared secret. */
                secret?: string;
                username?: string;
                /** @description The user's bare JID (instead of `username`). */
                jid?: string;
                password?: string;
                name?: string;
                email?: string;
                /** @description Group names, comma-separated. */
                groups?: string;
                /** @description A roster item's bare JID. */
                item_jid?: string;
                /** @description -1 remove, 0 none, 1 to, 2 from, 3 both. */
                subscription?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `<result>…</result>` or `<error>…</error>` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/xml": string;
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    userservice_form_1: {
        parameters: {
            query?: {
                /**
                 * @description add, delete, update, enable, disable, add_roster, update_roster, delete_roster,
                 *     grouplist or usergrouplist.
                 */
                type?: string;
                /** @description The user service's shared secret. */
                secret?: string;
                username?: string;
                /** @description The user's bare JID (instead of `username`). */
                jid?: string;
                password?: string;
                name?: string;
                email?: string;
                /** @description Group names, comma-separated. */
                groups?: string;
                /** @description A roster item's bare JID. */
                item_jid?: string;
                /** @description -1 remove, 0 none, 1 to, 2 from, 3 both. */
                subscription?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["LegacyParams"];
            };
        };
        responses: {
            /** @description `<result>…</result>` or `<error>…</error>` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/xml": string;
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_unread_count: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                jid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_list_rooms: {
        parameters: {
            query?: {
                /** @description The group chat service (default `conference`). */
                servicename?: string;
                /**
                 * @description `public` (the default): public rooms only; `all`: every room the service lists, and
                 *     hidden ones the gateway made.
                 */
                type?: string;
                /** @description Only rooms whose name or natural name contains this (any case). */
                search?: string;
                /** @description Accepted; the lists always hold the members of affiliated groups. */
                expandGroups?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChatRoomEntities"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_create_room: {
        parameters: {
            query?: {
                /** @description The group chat service (default `conference`): a service of the XMPP server. */
                servicename?: string;
                /** @description `true`: invite the users given an affiliation (XEP-0249). */
                sendInvitations?: string;
                /** @description The same, as some clients spell it. */
                sendinvitations?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChatRoomBody"];
            };
        };
        responses: {
            /** @description Created (no body) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_create_rooms: {
        parameters: {
            query?: {
                /** @description The group chat service (default `conference`): a service of the XMPP server. */
                servicename?: string;
                /** @description `true`: invite the users given an affiliation (XEP-0249). */
                sendInvitations?: string;
                /** @description The same, as some clients spell it. */
                sendinvitations?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChatRoomBodies"];
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoomCreationResults"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_get_room: {
        parameters: {
            query?: {
                /** @description The group chat service (default `conference`): a service of the XMPP server. */
                servicename?: string;
                /** @description `true`: invite the users given an affiliation (XEP-0249). */
                sendInvitations?: string;
                /** @description The same, as some clients spell it. */
                sendinvitations?: string;
            };
            header?: never;
            path: {
                /** @description The room's name (the part before the @). */
                roomName: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChatRoomEntity"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_update_room: {
        parameters: {
            query?: {
                /** @description The group chat service (default `conference`): a service of the XMPP server. */
                servicename?: string;
                /** @description `true`: invite the users given an affiliation (XEP-0249). */
                sendInvitations?: string;
                /** @description The same, as some clients spell it. */
                sendinvitations?: string;
            };
            header?: never;
            path: {
                /** @description The room's name (the part before the @). */
                roomName: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChatRoomBody"];
            };
        };
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_delete_room: {
        parameters: {
            query?: {
                /** @description The group chat service (default `conference`): a service of the XMPP server. */
                servicename?: string;
                /** @description `true`: invite the users given an affiliation (XEP-0249). */
                sendInvitations?: string;
                /** @description The same, as some clients spell it. */
                sendinvitations?: string;
            };
            header?: never;
            path: {
                /** @description The room's name (the part before the @). */
                roomName: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_room_history: {
        parameters: {
            query?: {
                /** @description The group chat service (default `conference`): a service of the XMPP server. */
                servicename?: string;
                /** @description `true`: invite the users given an affiliation (XEP-0249). */
                sendInvitations?: string;
                /** @description The same, as some clients spell it. */
                sendinvitations?: string;
            };
            header?: never;
            path: {
                /** @description The room's name (the part before the @). */
                roomName: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HistoryMessages"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_invite_many_to_room: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The room's name (the part before the @). */
                roomName: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InvitationBody"];
            };
        };
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_invite_to_room: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                roomName: string;
                /** @description A JID, a username or a group name. */
                jid: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["InvitationBody"];
            };
        };
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_room_occupants: {
        parameters: {
            query?: {
                /** @description The group chat service (default `conference`): a service of the XMPP server. */
                servicename?: string;
                /** @description `true`: invite the users given an affiliation (XEP-0249). */
                sendInvitations?: string;
                /** @description The same, as some clients spell it. */
                sendinvitations?: string;
            };
            header?: never;
            path: {
                /** @description The room's name (the part before the @). */
                roomName: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OccupantEntities"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_room_participants: {
        parameters: {
            query?: {
                /** @description The group chat service (default `conference`): a service of the XMPP server. */
                servicename?: string;
                /** @description `true`: invite the users given an affiliation (XEP-0249). */
                sendInvitations?: string;
                /** @description The same, as some clients spell it. */
                sendinvitations?: string;
            };
            header?: never;
            path: {
                /** @description The room's name (the part before the @). */
                roomName: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ParticipantEntities"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_room_list: {
        parameters: {
            query?: {
                /** @description The group chat service (default `conference`): a service of the XMPP server. */
                servicename?: string;
                /** @description `true`: invite the users given an affiliation (XEP-0249). */
                sendInvitations?: string;
                /** @description The same, as some clients spell it. */
                sendinvitations?: string;
            };
            header?: never;
            path: {
                roomName: string;
                /** @description `owners`, `admins`, `members` or `outcasts`. */
                affiliation: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AffiliationList"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_replace_room_list: {
        parameters: {
            query?: {
                /** @description The group chat service (default `conference`): a service of the XMPP server. */
                servicename?: string;
                /** @description `true`: invite the users given an affiliation (XEP-0249). */
                sendInvitations?: string;
                /** @description The same, as some clients spell it. */
                sendinvitations?: string;
            };
            header?: never;
            path: {
                roomName: string;
                /** @description `owners`, `admins`, `members` or `outcasts`. */
                affiliation: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AffiliationList"];
            };
        };
        responses: {
            /** @description Created (no body) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_add_to_room_list: {
        parameters: {
            query?: {
                /** @description The group chat service (default `conference`): a service of the XMPP server. */
                servicename?: string;
                /** @description `true`: invite the users given an affiliation (XEP-0249). */
                sendInvitations?: string;
                /** @description The same, as some clients spell it. */
                sendinvitations?: string;
            };
            header?: never;
            path: {
                roomName: string;
                /** @description `owners`, `admins`, `members` or `outcasts`. */
                affiliation: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AffiliationList"];
            };
        };
        responses: {
            /** @description Created (no body) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_add_group_to_room: {
        parameters: {
            query?: {
                /** @description The group chat service (default `conference`): a service of the XMPP server. */
                servicename?: string;
                /** @description `true`: invite the users given an affiliation (XEP-0249). */
                sendInvitations?: string;
                /** @description The same, as some clients spell it. */
                sendinvitations?: string;
            };
            header?: never;
            path: {
                roomName: string;
                /** @description `owners`, `admins`, `members` or `outcasts`. */
                affiliation: string;
                /** @description One of the gateway's groups. */
                groupname: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Created (no body) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_remove_group_from_room: {
        parameters: {
            query?: {
                /** @description The group chat service (default `conference`): a service of the XMPP server. */
                servicename?: string;
                /** @description `true`: invite the users given an affiliation (XEP-0249). */
                sendInvitations?: string;
                /** @description The same, as some clients spell it. */
                sendinvitations?: string;
            };
            header?: never;
            path: {
                roomName: string;
                /** @description `owners`, `admins`, `members` or `outcasts`. */
                affiliation: string;
                /** @description One of the gateway's groups. */
                groupname: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_add_to_room: {
        parameters: {
            query?: {
                /** @description The group chat service (default `conference`): a service of the XMPP server. */
                servicename?: string;
                /** @description `true`: invite the users given an affiliation (XEP-0249). */
                sendInvitations?: string;
                /** @description The same, as some clients spell it. */
                sendinvitations?: string;
            };
            header?: never;
            path: {
                roomName: string;
                /** @description `owners`, `admins`, `members` or `outcasts`. */
                affiliation: string;
                /** @description A bare JID, or a username of the gateway's domain. */
                jid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Created (no body) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_remove_from_room: {
        parameters: {
            query?: {
                /** @description The group chat service (default `conference`): a service of the XMPP server. */
                servicename?: string;
                /** @description `true`: invite the users given an affiliation (XEP-0249). */
                sendInvitations?: string;
                /** @description The same, as some clients spell it. */
                sendinvitations?: string;
            };
            header?: never;
            path: {
                roomName: string;
                /** @description `owners`, `admins`, `members` or `outcasts`. */
                affiliation: string;
                /** @description A bare JID, or a username of the gateway's domain. */
                jid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_chat_services: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChatServices"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_create_chat_service: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ChatServiceBody"];
            };
        };
        responses: {
            /** @description Created (no body) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_cluster_nodes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_cluster_node: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                nodeId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_clustering_status: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_list_groups: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GroupEntities"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_create_group: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GroupBody"];
            };
        };
        responses: {
            /** @description Created (no body) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_get_group: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The group's name. */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GroupEntity"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_update_group: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The group's name. */
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GroupBody"];
            };
        };
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_delete_group: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The group's name. */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_lock_user: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The XMPP username (the part before the @). */
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Created (no body) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_unlock_user: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The XMPP username (the part before the @). */
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_security_log: {
        parameters: {
            query?: {
                /** @description Only this administrator's entries. */
                username?: string;
                /** @description Skip this many (newest first; default 0). */
                offset?: number;
                /** @description At most this many (default 100, at most 1000). */
                limit?: number;
                /** @description From this time, in seconds since the epoch (0: unbounded). */
                startTime?: number;
                /** @description Until this time, in seconds since the epoch (0: unbounded). */
                endTime?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SecurityAuditLogs"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_broadcast: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MessageEntity"];
            };
        };
        responses: {
            /** @description Created (no body) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_list_sessions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionEntities"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_user_sessions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The XMPP username (the part before the @). */
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionEntities"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_close_sessions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The XMPP username (the part before the @). */
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    liveness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    liveness_1: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    liveness_2: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_list_properties: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_create_property: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_get_property: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_update_property: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_delete_property: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    readiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    readiness_2: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    readiness_4: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    readiness_3: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    readiness_1: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_session_count: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionsCount"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_list_users: {
        parameters: {
            query?: {
                /** @description Part of a username, name or email (any case); all users when absent. */
                search?: string;
                /** @description Only users with this property (`search` is then ignored, as the plugin does). */
                propertyKey?: string;
                /** @description With `propertyKey`: only users whose property has this value. */
                propertyValue?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminUsers"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_create_user: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserBody"];
            };
        };
        responses: {
            /** @description Created (no body) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_get_user: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The XMPP username (the part before the @). */
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminUser"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_update_user: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The XMPP username (the part before the @). */
                username: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserBody"];
            };
        };
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_delete_user: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The XMPP username (the part before the @). */
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_user_groups: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The XMPP username (the part before the @). */
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GroupNames"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_add_user_groups: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The XMPP username (the part before the @). */
                username: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GroupNames"];
            };
        };
        responses: {
            /** @description Created (no body) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_remove_user_groups: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The XMPP username (the part before the @). */
                username: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GroupNames"];
            };
        };
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_add_user_group: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The user. */
                username: string;
                /** @description The group's name. */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Created (no body) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_remove_user_group: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The user. */
                username: string;
                /** @description The group's name. */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_lock_user_1: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The XMPP username (the part before the @). */
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Created (no body) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_unlock_user_1: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The XMPP username (the part before the @). */
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_get_roster: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The XMPP username (the part before the @). */
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RosterEntity"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_add_roster_item: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The XMPP username (the part before the @). */
                username: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RosterItemEntity"];
            };
        };
        responses: {
            /** @description Created (no body) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_update_roster_item: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The user whose roster it is. */
                username: string;
                /** @description The contact's bare JID. */
                jid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RosterItemEntity"];
            };
        };
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_delete_roster_item: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The user whose roster it is. */
                username: string;
                /** @description The contact's bare JID. */
                jid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_get_vcard: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The XMPP username (the part before the @). */
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The element */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/xml": string;
                };
            };
            /** @description There is none */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_put_vcard: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The XMPP username (the part before the @). */
                username: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/xml": string;
            };
        };
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    admin_delete_vcard: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The XMPP username (the part before the @). */
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    userservice: {
        parameters: {
            query?: {
                /**
                 * @description add, delete, update, enable, disable, add_roster, update_roster, delete_roster,
                 *     grouplist or usergrouplist.
                 */
                type?: string;
                /** @description The user service's shared secret. */
                secret?: string;
                username?: string;
                /** @description The user's bare JID (instead of `username`). */
                jid?: string;
                password?: string;
                name?: string;
                email?: string;
                /** @description Group names, comma-separated. */
                groups?: string;
                /** @description A roster item's bare JID. */
                item_jid?: string;
                /** @description -1 remove, 0 none, 1 to, 2 from, 3 both. */
                subscription?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description `<result>…</result>` or `<error>…</error>` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/xml": string;
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    userservice_form: {
        parameters: {
            query?: {
                /**
                 * @description add, delete, update, enable, disable, add_roster, update_roster, delete_roster,
                 *     grouplist or usergrouplist.
                 */
                type?: string;
                /** @description The user service's shared secret. */
                secret?: string;
                username?: string;
                /** @description The user's bare JID (instead of `username`). */
                jid?: string;
                password?: string;
                name?: string;
                email?: string;
                /** @description Group names, comma-separated. */
                groups?: string;
                /** @description A roster item's bare JID. */
                item_jid?: string;
                /** @description -1 remove, 0 none, 1 to, 2 from, 3 both. */
                subscription?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["LegacyParams"];
            };
        };
        responses: {
            /** @description `<result>…</result>` or `<error>…</error>` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/xml": string;
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    about: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiDescription"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    list_service_accounts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceAccountEntities"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    create_service_account: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewServiceAccount"];
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceAccountEntity"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    delete_service_account: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    add_service_account_key: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KeyEntity"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    retire_service_account_key: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                keyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    list_webhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEntities"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    create_webhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookRequest"];
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEntity"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    update_webhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookRequest"];
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEntity"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    delete_webhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    openapi: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The JSON as stored */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, unknown>;
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    about_2: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiDescription"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    create_bookmark: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BookmarkEntity"];
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BookmarkEntity"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_bookmark: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                bookmarkID: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BookmarkEntity"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    update_bookmark: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                bookmarkID: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BookmarkEntity"];
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BookmarkEntity"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    delete_bookmark: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                bookmarkID: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    set_bookmark_property: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                bookmarkID: string;
                /** @description autojoin, nick or password. */
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "text/plain": string;
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BookmarkEntity"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    delete_bookmark_property: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                bookmarkID: string;
                /** @description autojoin, nick or password. */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BookmarkEntity"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_bookmarks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BookmarkEntities"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    post_chat_state: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description active, composing, paused, inactive or gone. */
                state: string;
                /** @description A JID, or the username of a user of the gateway's domain. */
                to: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    post_chat_message: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A JID, or the username of a user of the gateway's domain. */
                to: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["JsonMessage"];
                "text/plain": string;
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Sent"];
                };
            };
            /** @description Queued while the session reconnects: it may have been sent; retry with the same Idempotency-Key */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Sent"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    correct_chat_message: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The correspondent: a JID, or the username of a user of the gateway's domain. */
                to: string;
                /**
                 * @description The message, by any id history or events show for it (`id`, `messageId`,
                 *     `originId`, `stanzaId`); one of the conversation's last 100.
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["JsonMessage"];
                "text/plain": string;
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Sent"];
                };
            };
            /** @description Queued while the session reconnects: it may have been sent; retry with the same Idempotency-Key */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Sent"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    retract_chat_message: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The correspondent: a JID, or the username of a user of the gateway's domain. */
                to: string;
                /**
                 * @description The message, by any id history or events show for it (`id`, `messageId`,
                 *     `originId`, `stanzaId`); one of the conversation's last 100.
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Sent"];
                };
            };
            /** @description Queued while the session reconnects: it may have been sent; retry with the same Idempotency-Key */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Sent"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    mark_chat_message_displayed: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The correspondent: a JID, or the username of a user of the gateway's domain. */
                to: string;
                /**
                 * @description The message, by any id history or events show for it (`id`, `messageId`,
                 *     `originId`, `stanzaId`); one of the conversation's last 100.
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Sent"];
                };
            };
            /** @description Queued while the session reconnects: it may have been sent; retry with the same Idempotency-Key */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Sent"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    react_to_chat_message: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The correspondent: a JID, or the username of a user of the gateway's domain. */
                to: string;
                /**
                 * @description The message, by any id history or events show for it (`id`, `messageId`,
                 *     `originId`, `stanzaId`); one of the conversation's last 100.
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReactionsBody"];
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Sent"];
                };
            };
            /** @description Queued while the session reconnects: it may have been sent; retry with the same Idempotency-Key */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Sent"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_chat_messages: {
        parameters: {
            query?: {
                /** @description Only the conversation with this JID (or local username). */
                to?: string;
                /** @description From this date-time (XEP-0082, e.g. 2026-11-25T10:00:00Z). */
                start?: string;
                /** @description Until this date-time. */
                end?: string;
                /** @description Only messages whose body contains this (any case), within the page read. */
                keywords?: string;
                /** @description Messages per page, 1 to 500 (default 100). */
                max?: number;
                /** @description The `last` of the previous page: the next page. */
                after?: string;
                /** @description The `first` of the next page: the page before it (empty: the last page). */
                before?: string;
                /**
                 * @description `true`: the archive as stored, corrections, retractions and reactions as messages of
                 *     their own rather than folded into the messages they act on.
                 */
                raw?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Conversations"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_global_config: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GlobalConfig"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_properties: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The JSON as stored */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, unknown>;
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    set_properties: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "text/plain": string;
            };
        };
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    groupchat_messages: {
        parameters: {
            query: {
                /** @description The room's name. */
                room: string;
                /** @description The MUC service (default `conference`). */
                serviceName?: string;
                service?: string;
                /** @description From this date-time (XEP-0082, e.g. 2026-11-25T10:00:00Z). */
                start?: string;
                /** @description Until this date-time. */
                end?: string;
                /** @description Only messages whose body contains this (any case), within the page read. */
                keywords?: string;
                /** @description Messages per page, 1 to 500 (default 100). */
                max?: number;
                /** @description The `last` of the previous page: the next page. */
                after?: string;
                /** @description The `first` of the next page: the page before it (empty: the last page). */
                before?: string;
                /**
                 * @description `true`: the archive as stored, corrections, retractions and reactions as messages of
                 *     their own rather than folded into the messages they act on.
                 */
                raw?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Conversations"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    groupchat_room: {
        parameters: {
            query?: {
                /** @description The MUC service: a name under the gateway's domain (default `conference`) or a host. */
                serviceName?: string;
                /** @description The same, by its other name. */
                service?: string;
            };
            header?: never;
            path: {
                /** @description The room's name (the part before the @). */
                roomName: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoomEntity"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    groupchat_join: {
        parameters: {
            query?: {
                /** @description The MUC service (default `conference`). */
                serviceName?: string;
                service?: string;
                /** @description The room's password, where it has one. */
                password?: string;
            };
            header?: never;
            path: {
                /** @description The room's name (the part before the @). */
                roomName: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    groupchat_post: {
        parameters: {
            query?: {
                /** @description The MUC service: a name under the gateway's domain (default `conference`) or a host. */
                serviceName?: string;
                /** @description The same, by its other name. */
                service?: string;
            };
            header?: never;
            path: {
                /** @description The room's name (the part before the @). */
                roomName: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["JsonMessage"];
                "text/plain": string;
            };
        };
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    groupchat_leave: {
        parameters: {
            query?: {
                /** @description The MUC service: a name under the gateway's domain (default `conference`) or a host. */
                serviceName?: string;
                /** @description The same, by its other name. */
                service?: string;
            };
            header?: never;
            path: {
                /** @description The room's name (the part before the @). */
                roomName: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    groupchat_history: {
        parameters: {
            query?: {
                /** @description The MUC service (default `conference`). */
                serviceName?: string;
                service?: string;
                /** @description From this date-time (XEP-0082, e.g. 2026-11-25T10:00:00Z). */
                start?: string;
                /** @description Until this date-time. */
                end?: string;
                /** @description Only messages whose body contains this (any case), within the page read. */
                keywords?: string;
                /** @description Messages per page, 1 to 500 (default 100). */
                max?: number;
                /** @description The `last` of the previous page: the next page. */
                after?: string;
                /** @description The `first` of the next page: the page before it (empty: the last page). */
                before?: string;
                /**
                 * @description `true`: the archive as stored, corrections, retractions and reactions as messages of
                 *     their own rather than folded into the messages they act on.
                 */
                raw?: boolean;
            };
            header?: never;
            path: {
                /** @description The room's name (the part before the @). */
                roomName: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoomMessageEntities"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    correct_room_message: {
        parameters: {
            query?: {
                /** @description The MUC service: a name under the gateway's domain (default `conference`) or a host. */
                serviceName?: string;
                /** @description The same, by its other name. */
                service?: string;
            };
            header?: never;
            path: {
                roomName: string;
                /**
                 * @description The message, by its id in the room's history (`id`, the room's stanza-id) or its
                 *     own (`messageId`); one of the room's last 100.
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["JsonMessage"];
                "text/plain": string;
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Sent"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    retract_room_message: {
        parameters: {
            query?: {
                /** @description The MUC service: a name under the gateway's domain (default `conference`) or a host. */
                serviceName?: string;
                /** @description The same, by its other name. */
                service?: string;
            };
            header?: never;
            path: {
                roomName: string;
                /**
                 * @description The message, by its id in the room's history (`id`, the room's stanza-id) or its
                 *     own (`messageId`); one of the room's last 100.
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Sent"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    mark_room_message_displayed: {
        parameters: {
            query?: {
                /** @description The MUC service: a name under the gateway's domain (default `conference`) or a host. */
                serviceName?: string;
                /** @description The same, by its other name. */
                service?: string;
            };
            header?: never;
            path: {
                roomName: string;
                /**
                 * @description The message, by its id in the room's history (`id`, the room's stanza-id) or its
                 *     own (`messageId`); one of the room's last 100.
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Sent"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    moderate_room_message: {
        parameters: {
            query?: {
                /** @description The MUC service: a name under the gateway's domain (default `conference`) or a host. */
                serviceName?: string;
                /** @description The same, by its other name. */
                service?: string;
            };
            header?: never;
            path: {
                roomName: string;
                /**
                 * @description The message, by its id in the room's history (`id`, the room's stanza-id) or its
                 *     own (`messageId`); one of the room's last 100.
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ModerationBody"];
            };
        };
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    react_to_room_message: {
        parameters: {
            query?: {
                /** @description The MUC service: a name under the gateway's domain (default `conference`) or a host. */
                serviceName?: string;
                /** @description The same, by its other name. */
                service?: string;
            };
            header?: never;
            path: {
                roomName: string;
                /**
                 * @description The message, by its id in the room's history (`id`, the room's stanza-id) or its
                 *     own (`messageId`); one of the room's last 100.
                 */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReactionsBody"];
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Sent"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    groupchat_occupants: {
        parameters: {
            query?: {
                /** @description The MUC service: a name under the gateway's domain (default `conference`) or a host. */
                serviceName?: string;
                /** @description The same, by its other name. */
                service?: string;
            };
            header?: never;
            path: {
                /** @description The room's name (the part before the @). */
                roomName: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OccupantEntities"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    groupchat_participants: {
        parameters: {
            query?: {
                /** @description The MUC service: a name under the gateway's domain (default `conference`) or a host. */
                serviceName?: string;
                /** @description The same, by its other name. */
                service?: string;
            };
            header?: never;
            path: {
                /** @description The room's name (the part before the @). */
                roomName: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ParticipantEntities"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    groupchat_invite: {
        parameters: {
            query?: {
                /** @description The MUC service: a name under the gateway's domain (default `conference`) or a host. */
                serviceName?: string;
                /** @description The same, by its other name. */
                service?: string;
            };
            header?: never;
            path: {
                roomName: string;
                /** @description Who to invite: a JID or a local username. */
                invitedJid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "text/plain": string;
            };
        };
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    groupchat_rooms: {
        parameters: {
            query?: {
                /** @description The MUC service (default `conference`). */
                serviceName?: string;
                service?: string;
                /** @description Part of a room's name (any case). */
                search?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoomEntities"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_inbox: {
        parameters: {
            query?: {
                /** @description How many conversations (1 to 500; 50 when absent). */
                max?: number;
                /** @description Continue after this point: a page's `next`. */
                after?: string;
                /** @description Also list the conversations the user hid. */
                hidden?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InboxPage"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    update_conversation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The contact or room: a JID, or the username of a user of the gateway's domain. */
                with: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConversationSettings"];
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InboxConversation"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    mark_conversation_read: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The contact or room: a JID, or the username of a user of the gateway's domain. */
                with: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InboxConversation"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    login: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The XMPP username (the part before the @). */
                username: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "text/plain": string;
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenEntity"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    meet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                service: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    pep_nodes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NodeEntities"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    pep_publish: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The node's id. */
                node: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, unknown>;
                "application/xml": string;
            };
        };
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    set_presence: {
        parameters: {
            query?: {
                /** @description online (or empty), chat, away, xa, dnd, or unavailable. */
                show?: string;
                /** @description A status text. */
                status?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_presence_roster: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RosterEntities"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_presence: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The contact's JID (or a local username). */
                target: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PresenceEntity"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    preview: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                quality: string;
                url: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    pubsub_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The node's id. */
                node: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    pubsub_nodes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NodeEntities"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    pubsub_publish: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The node's id. */
                node: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, unknown>;
                "application/xml": string;
            };
        };
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    pubsub_subscribe: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The node's id. */
                node: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    pubsub_subscribers: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The node's id. */
                node: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriberEntities"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    register: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The XMPP username (the part before the @). */
                username: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "text/plain": string;
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenEntity"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_roster: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RosterEntities"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    add_roster_item: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RosterItemEntity"];
            };
        };
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_subscription_requests: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Requests"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    update_roster_item: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The contact's JID (or a local username). */
                jid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RosterItemEntity"];
            };
        };
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    delete_roster_item: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The contact's JID (or a local username). */
                jid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    subscription: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The contact's JID (or a local username). */
                jid: string;
                /** @description `approve`, `deny`, `request` or `cancel`. */
                action: "approve" | "deny" | "request" | "cancel";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    service_account_token: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The user to act as. */
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceToken"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    refresh_token: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshRequest"];
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenEntity"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    list_tokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MintedTokens"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    mint_token: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MintRequest"];
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MintedToken"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    revoke_token: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The token's id, as minting or the list answered it. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    totp_authenticate_1: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The XMPP username (the part before the @). */
                username: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CodeBody"];
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenEntity"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    totp_authenticate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The XMPP username (the part before the @). */
                username: string;
                /** @description The code the authenticator app shows (or send it as `{code}` in the body). */
                code: string | null;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CodeBody"];
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenEntity"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    totp_register: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The XMPP username (the part before the @). */
                username: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "text/plain": string;
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TotpEntity"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    upload_slot: {
        parameters: {
            query?: {
                /** @description The file's MIME type. */
                contentType?: string;
            };
            header?: never;
            path: {
                fileName: string;
                /** @description The file's size in bytes. */
                fileSize: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UploadSlotEntity"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_user: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserEntity"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    put_user: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserUpdate"];
            };
        };
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    delete_user: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    put_avatar: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AvatarBody"];
            };
        };
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    delete_avatar: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_user_groups: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserGroupsEntity"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    join_user_groups: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserGroupsEntity"];
            };
        };
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    leave_user_groups: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserGroupsEntity"];
            };
        };
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    join_user_group: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                groupName: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    leave_user_group: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                groupName: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    search_users: {
        parameters: {
            query?: {
                /** @description Part of a username, name or email (any case); all users when absent. */
                search?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserEntities"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_card: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Whose card: a JID, or a local username. */
                jid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CardEntity"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    webauthn_authenticate_finish: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The XMPP username (the part before the @). */
                username: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PublicKeyCredentialJSON"];
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenEntity"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    webauthn_authenticate_start: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The XMPP username (the part before the @). */
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthenticationStart"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    webauthn_register_finish: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The XMPP username (the part before the @). */
                username: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PublicKeyCredentialJSON"];
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenEntity"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    webauthn_register_start: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The XMPP username (the part before the @). */
                username: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "text/plain": string;
            };
        };
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegistrationOptions"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    webpush_action: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NotificationActionEntity"];
            };
        };
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    webpush_message: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The user to push to (a username of the gateway's domain). */
                target: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "text/plain": string;
            };
        };
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    webpush_notify: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The user to push to (a username of the gateway's domain). */
                target: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NotificationEntity"];
            };
        };
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    webpush_subscribe: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The browser or device this subscription is for (a new one replaces its old one). */
                resource: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PushSubscriptionJSON"];
            };
        };
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    webpush_subscribers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserEntities"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    webpush_vapid_key: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicKey"];
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    post_stanza: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/xml": string;
            };
        };
        responses: {
            /** @description Done (no body) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    sse: {
        parameters: {
            query?: {
                /** @description The access token (an EventSource cannot set headers). */
                token?: string;
                /** @description Resume after this event id (or send the `Last-Event-ID` header). */
                lastEventId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description onConnect, then chatapi.* events with ids, as they happen; each event's data is described by the StreamEvents schema, under the event's name */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    sse_1: {
        parameters: {
            query?: {
                /** @description The access token (an EventSource cannot set headers). */
                token?: string;
                /** @description Resume after this event id (or send the `Last-Event-ID` header). */
                lastEventId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description onConnect, then chatapi.* events with ids, as they happen; each event's data is described by the StreamEvents schema, under the event's name */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description An error: the HTTP status, a machine name and what to do next */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
