// The client page's one piece of glue: the roster picks the conversation. Everything else
// the components do through the user's session.
document.querySelector('xwg-roster').addEventListener('xwg-open-chat', (event) => {
  document.querySelector('xwg-chat').setAttribute('with', event.detail.jid);
});
