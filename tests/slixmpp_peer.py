"""A native XMPP client on slixmpp and its own XEP plugins — corrections (XEP-0308), read
markers (XEP-0333), retractions (XEP-0424), reactions (XEP-0444), replies (XEP-0461),
vCards with a photo (XEP-0054, XEP-0153) — for tests/tests/interop.rs: commands come as
JSON lines on stdin, each answered by a `done` line (with what it read, if anything), and
every message it receives goes to stdout as a JSON line, as slixmpp's plugins read it.

    slixmpp_peer.py JID PASSWORD HOST PORT
"""
import asyncio
import base64
import json
import sys

import slixmpp
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import StanzaPath

PLUGINS = ['xep_0030', 'xep_0054', 'xep_0199', 'xep_0308', 'xep_0333', 'xep_0334', 'xep_0359',
           'xep_0424', 'xep_0428', 'xep_0444', 'xep_0461']


def out(line):
    print(json.dumps(line), flush=True)


class Peer(slixmpp.ClientXMPP):
    def __init__(self, jid, password):
        super().__init__(jid, password)
        # The test server on loopback, without TLS: SCRAM (not PLAIN) proves the password.
        self.plugin['feature_mechanisms'].unencrypted_scram = True
        for plugin in PLUGINS:
            self.register_plugin(plugin)
        self.add_event_handler('session_start', self.started)
        # Every message stanza (slixmpp's `message` event is only for those with a body).
        self.register_handler(Callback('every message', StanzaPath('message'), self.received))

    async def started(self, _event):
        self.send_presence()
        await self.get_roster()
        out({'online': str(self.boundjid)})
        asyncio.ensure_future(self.commands())

    def received(self, msg):
        if msg['type'] not in ('chat', 'normal'):
            return
        seen = {'from': str(msg['from'].bare), 'id': msg['id'], 'body': msg['body']}
        # get_plugin(…, check=True): only what the stanza carries (reading creates nothing).
        replace = msg.get_plugin('replace', check=True)
        if replace is not None:
            seen['replaces'] = replace['id']
        retract = msg.get_plugin('retract', check=True)
        if retract is not None:
            seen['retracts'] = retract['id']
        reactions = msg.get_plugin('reactions', check=True)
        if reactions is not None:
            seen['reactions'] = {'id': reactions['id'], 'values': sorted(reactions['values'])}
        reply = msg.get_plugin('reply', check=True)
        if reply is not None:
            seen['reply'] = {'id': reply['id'], 'to': str(reply['to'])}
        displayed = msg.get_plugin('displayed', check=True)
        if displayed is not None:
            seen['displayed'] = displayed['id']
        out(seen)

    async def commands(self):
        loop = asyncio.get_running_loop()
        while True:
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if not line:
                self.disconnect()
                return
            read = await self.command(json.loads(line))
            out({'done': line.strip(), **(read or {})})

    async def command(self, c):
        to = slixmpp.JID(c.get('to', ''))
        kind = c['do']
        if kind == 'send':
            msg = self.make_message(mto=to, mbody=c['body'], mtype='chat')
            msg['id'] = c['id']
            msg['origin_id']['id'] = c['id']
            msg.enable('markable')
            msg.send()
        elif kind == 'correct':
            msg = self.plugin['xep_0308'].build_correction(c['of'], to, mbody=c['body'])
            msg['id'] = c['id']
            msg.send()
        elif kind == 'retract':
            self.plugin['xep_0424'].send_retraction(to, c['of'])
        elif kind == 'react':
            self.plugin['xep_0444'].send_reactions(to, c['of'], c['reactions'])
        elif kind == 'reply':
            msg = self.plugin['xep_0461'].make_reply(c['author'], c['of'], mto=to, mbody=c['body'],
                                              mtype='chat')
            msg['id'] = c['id']
            msg.send()
        elif kind == 'displayed':
            self.plugin['xep_0333'].send_marker(to, c['of'], 'displayed', mtype='chat')
        elif kind == 'set_vcard':
            vcard = self.plugin['xep_0054'].make_vcard()
            vcard['FN'] = c['name']
            vcard['PHOTO']['TYPE'] = c['type']
            vcard['PHOTO']['BINVAL'] = base64.b64decode(c['photo'])
            await self.plugin['xep_0054'].publish_vcard(vcard)
        elif kind == 'get_vcard':
            iq = await self.plugin['xep_0054'].get_vcard(c['of'], local=False)
            vcard = iq['vcard_temp']
            return {'vcard': {'name': vcard['FN'], 'type': vcard['PHOTO']['TYPE'],
                              'photo': base64.b64encode(vcard['PHOTO']['BINVAL']).decode()}}


def main():
    jid, password, host, port = sys.argv[1:5]
    peer = Peer(jid, password)
    peer.enable_starttls = False
    peer.enable_direct_tls = False
    peer.enable_plaintext = True
    peer.connect(host, int(port))
    asyncio.get_event_loop().run_until_complete(peer.disconnected)


if __name__ == '__main__':
    main()
