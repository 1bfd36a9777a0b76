// The client page's glue: the conversations list, the roster and the rooms pick what the
// page shows (on a phone, one pane at a time), the open conversation or room comes back
// after a reload, and the tab's title counts what is unread. Everything else the
// components do through the user's session.
import { Gateway } from './sdk/xwg.js';

const chat = document.querySelector('xwg-chat');
const inbox = document.querySelector('xwg-inbox');
const rooms = document.querySelector('xwg-rooms');
const title = document.title;
const OPEN = 'xwg:open';

/** What the page shows: a conversation (`chat`), a room (`room`), or the list (null). */
function showPane(pane, what) {
  document.body.classList.toggle('in-conversation', pane === 'chat');
  document.body.classList.toggle('in-room', pane === 'room');
  if (pane) localStorage.setItem(OPEN, JSON.stringify({ pane, what }));
  else localStorage.removeItem(OPEN);
  if (pane !== 'chat') inbox.select(pane === 'room' ? what : null);
}

function showChat(jid) {
  chat.setAttribute('with', jid);
  inbox.select(jid);
  showPane('chat', jid);
}

for (const list of [document.querySelector('xwg-roster'), inbox]) {
  list.addEventListener('xwg-open-chat', (event) => showChat(event.detail.jid));
}
// From the conversations list: join the room (again) and show it; from the rooms pane: it
// shows a room, or none once left.
inbox.addEventListener('xwg-open-room', (event) => rooms.join(event.detail.room));
rooms.addEventListener('xwg-open-room', (event) => {
  if (event.detail.room) showPane('room', event.detail.room);
  else if (document.body.classList.contains('in-room')) showPane(null);
});
inbox.addEventListener('xwg-unread', (event) => {
  document.title = event.detail.total ? `(${event.detail.total}) ${title}` : title;
});
// Back to the list (a phone): no conversation is shown, so none is read as it goes on.
document.querySelector('#back').addEventListener('click', () => showPane(null));

const gateway = Gateway.for(location.origin);
gateway.addEventListener('logout', () => {
  showPane(null);
  document.title = title;
});
let open = null;
try { open = JSON.parse(localStorage.getItem(OPEN)); } catch { /* an older page's value */ }
if (open && gateway.loggedIn) {
  if (open.pane === 'chat') showChat(open.what);
  if (open.pane === 'room') rooms.join(open.what);
}
