// chat.html?with=bob: the conversation with bob.
const peer = new URLSearchParams(location.search).get('with');
if (peer) document.querySelector('xwg-chat').setAttribute('with', peer);
