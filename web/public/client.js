// The client page's glue: the conversations list and the roster pick what the page shows,
// the open conversation comes back after a reload, and the tab's title counts what is
// unread. Everything else the components do through the user's session.
import { Gateway } from './sdk/xwg.js';

const chat = document.querySelector('xwg-chat');
const inbox = document.querySelector('xwg-inbox');
const rooms = document.querySelector('xwg-rooms');
const title = document.title;
const OPEN = 'xwg:open';

function showChat(jid) {
  chat.setAttribute('with', jid);
  inbox.select(jid);
  localStorage.setItem(OPEN, jid);
  document.body.classList.add('in-conversation');
}

for (const list of [document.querySelector('xwg-roster'), inbox]) {
  list.addEventListener('xwg-open-chat', (event) => showChat(event.detail.jid));
}
inbox.addEventListener('xwg-open-room', (event) => {
  rooms.join(event.detail.room.split('@')[0]);
  rooms.scrollIntoView({ block: 'nearest' });
});
inbox.addEventListener('xwg-unread', (event) => {
  document.title = event.detail.total ? `(${event.detail.total}) ${title}` : title;
});
// Back to the list (a phone): no conversation is shown, so none is read as it goes on.
document.querySelector('#back').addEventListener('click', () => {
  document.body.classList.remove('in-conversation');
  inbox.select(null);
  localStorage.removeItem(OPEN);
});

const gateway = Gateway.for(location.origin);
gateway.addEventListener('logout', () => {
  localStorage.removeItem(OPEN);
  document.body.classList.remove('in-conversation');
  document.title = title;
});
const open = localStorage.getItem(OPEN);
if (open && gateway.loggedIn) showChat(open);
