#!/usr/bin/env python3
"""Print the IKEv1 phase 1 keys and ESP keys that strongSwan's charon logged.

Usage: charon-keys.py [--json] [--pending] CHARON_LOG...

The log must come from a charon `filelog` with `ike = 4`, `chd = 4`, `knl = 2`, `mgr = 2` and
`ike_name = yes` (swan-lib.sh writes such a strongswan.conf). Output, one line each, lowercase hex:

  ike ICOOKIE RCOOKIE skeyid=HEX skeyid_d=HEX skeyid_a=HEX skeyid_e=HEX enc_key=HEX iv=HEX g_xy=HEX
  esp SPI enc=HEX auth=HEX dir=in|out src=ADDR dst=ADDR ike=ICOOKIE
  esp-pending SPI ike=ICOOKIE            (--pending: an SPI charon allocated but never keyed)

`enc_key` is the phase 1 encryption key (charon's "encryption key Ka"), `iv` the phase 1 initial
IV, `g_xy` the shared DH secret. `dir` is as seen by this charon. The key of an ESP SA is told
apart by its KEYMAT seed: RFC 2409 KEYMAT = prf(SKEYID_d, [g(qm)^xy |] protocol | SPI | Ni | Nr),
and charon logs the two seeds ("initiator SA seed" = the SA from the Quick Mode initiator to the
responder, keyed by "encryption/integrity initiator key"). Fields are printed in this order and
only appended to in later versions. Exit status 1 when no key at all was found.
"""

import json
import re
import signal
import sys

LINE = re.compile(r"(?P<thr>\d{2})\[(?P<grp>[A-Z]{3})\] (?:<(?P<ike>[^>]*)> )?(?P<msg>.*)$")
DUMP_HEAD = re.compile(r"^(?P<name>.+?) => (?P<len>\d+) bytes @ (?:0x)?[0-9a-fA-F]+$")
DUMP_LINE = re.compile(r"^\s*(?P<off>\d+): (?P<rest>.*)$")
CHECKIN = re.compile(r"checkin IKEv1 SA .* with SPIs (?P<i>[0-9a-f]{16})_i (?P<r>[0-9a-f]{16})_r")
ADDING = re.compile(r"^adding (?P<dir>inbound|outbound) ESP SA")
SPI_LINE = re.compile(r"^\s+SPI 0x(?P<spi>[0-9a-f]{8}), src (?P<src>\S+) dst (?P<dst>\S+)")
GOT_SPI = re.compile(r"^got SPI (?P<spi>[0-9a-f]{8})")

IKE_DUMPS = {
    "SKEYID": "skeyid",
    "SKEYID_d": "skeyid_d",
    "SKEYID_a": "skeyid_a",
    "SKEYID_e": "skeyid_e",
    "encryption key Ka": "enc_key",
    "initial IV": "iv",
    "shared Diffie Hellman secret": "g_xy",
}
CHD_DUMPS = {
    "initiator SA seed": "seed_i",
    "responder SA seed": "seed_r",
    "encryption initiator key": "enc_i",
    "encryption responder key": "enc_r",
    "integrity initiator key": "auth_i",
    "integrity responder key": "auth_r",
}


def ike_uid(tag):
    """'rtx|1' or '1' -> '1' (charon's unique IKE_SA id)."""
    return tag.rsplit("|", 1)[-1] if tag else None


class IkeSA:
    def __init__(self, uid):
        self.uid = uid
        self.spi_i = self.spi_r = None
        self.keys = {}        # phase 1, the last derivation wins (there is one per IKE_SA)
        self.children = []    # one dict per Quick Mode key derivation
        self.got_spis = []
        self.order = None


def parse(lines):
    sas = {}
    order = []
    dumps = {}      # thread -> [ike uid, group, field name, length, bytearray]
    adding = {}     # thread -> "inbound"/"outbound" awaiting its SPI line

    def sa(uid):
        if uid not in sas:
            sas[uid] = IkeSA(uid)
            order.append(uid)
        return sas[uid]

    for raw in lines:
        m = LINE.search(raw.rstrip("\n"))
        if not m:
            continue
        thr, grp, uid, msg = m["thr"], m["grp"], ike_uid(m["ike"]), m["msg"]

        d = dumps.get(thr)
        if d is not None:
            dl = DUMP_LINE.match(msg)
            if dl:
                want = min(16, d[3] - len(d[4]))
                pairs = re.findall(r"[0-9A-Fa-f]{2}", dl["rest"][: 3 * want])[:want]
                d[4].extend(bytes.fromhex("".join(pairs)))
                if len(d[4]) >= d[3]:
                    finish_dump(d, sa)
                    del dumps[thr]
                continue
            finish_dump(d, sa)   # a short dump (should not happen): keep what we have
            del dumps[thr]

        h = DUMP_HEAD.match(msg)
        if h and uid is not None:
            name, n = h["name"].strip(), int(h["len"])
            field = (IKE_DUMPS if grp == "IKE" else CHD_DUMPS if grp == "CHD" else {}).get(name)
            if field:
                d = [uid, grp, field, n, bytearray()]
                if n == 0:
                    finish_dump(d, sa)
                else:
                    dumps[thr] = d
            continue

        if uid is None:
            continue
        if grp == "MGR":
            c = CHECKIN.search(msg)
            if c and c["r"] != "0" * 16:
                s = sa(uid)
                s.spi_i, s.spi_r = c["i"], c["r"]
        elif grp == "CHD":
            a = ADDING.match(msg)
            if a:
                adding[thr] = a["dir"]
                continue
            sp = SPI_LINE.match(msg)
            if sp and thr in adding:
                s = sa(uid)
                if not s.children:
                    s.children.append({})
                s.children[-1].setdefault("sas", []).append(
                    (sp["spi"], "in" if adding.pop(thr) == "inbound" else "out", sp["src"], sp["dst"]))
        elif grp == "KNL":
            g = GOT_SPI.match(msg)
            if g:
                sa(uid).got_spis.append(g["spi"])
    for d in dumps.values():
        finish_dump(d, sa)
    return [sas[u] for u in order]


def finish_dump(d, sa):
    uid, grp, field, _, data = d
    s = sa(uid)
    if grp == "IKE":
        s.keys.setdefault(field, bytes(data))   # first wins: a PFS Quick Mode must not overwrite
    else:
        # A new Quick Mode derivation starts with the initiator seed.
        if field == "seed_i" or not s.children or field in s.children[-1]:
            s.children.append({})
        s.children[-1][field] = bytes(data)


def esp_lines(s):
    out = []
    keyed = set()
    icookie = s.spi_i or "?"
    for c in s.children:
        if "enc_i" not in c and "enc_r" not in c:
            continue
        sas = c.get("sas", [])
        if not sas:
            # No install lines: without PFS the seed is 03 | SPI | Ni | Nr.
            for side in ("i", "r"):
                seed = c.get("seed_" + side, b"")
                if len(seed) > 5 and seed[0] == 3:
                    sas.append((seed[1:5].hex(), "?", "?", "?"))
        for spi, direction, src, dst in sas:
            tag = bytes([3]) + bytes.fromhex(spi)
            if tag in c.get("seed_i", b""):
                side = "i"
            elif tag in c.get("seed_r", b""):
                side = "r"
            else:
                continue
            enc = c.get("enc_" + side, b"").hex() or "none"
            auth = c.get("auth_" + side, b"").hex() or "none"
            keyed.add(spi)
            out.append(f"esp {spi} enc={enc} auth={auth} dir={direction} src={src} dst={dst} ike={icookie}")
    return out, keyed


def main(argv):
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)   # `| head` is fine
    as_json = "--json" in argv
    pending = "--pending" in argv
    files = [a for a in argv if not a.startswith("--")]
    if not files:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    found = False
    records = []
    for path in files:
        with open(path, errors="replace") as f:
            sas = parse(f)
        for s in sas:
            k = s.keys
            if "skeyid" in k or "enc_key" in k:
                found = True
                fields = ["skeyid", "skeyid_d", "skeyid_a", "skeyid_e", "enc_key", "iv", "g_xy"]
                rec = {"type": "ike", "icookie": s.spi_i or "?", "rcookie": s.spi_r or "?"}
                rec.update({f: k.get(f, b"").hex() or "?" for f in fields})
                records.append((rec, f"ike {rec['icookie']} {rec['rcookie']} "
                                + " ".join(f"{f}={rec[f]}" for f in fields)))
            lines, keyed = esp_lines(s)
            for line in lines:
                found = True
                parts = line.split()
                rec = {"type": "esp", "spi": parts[1]}
                rec.update(dict(p.split("=", 1) for p in parts[2:]))
                records.append((rec, line))
            if pending:
                for spi in s.got_spis:
                    if spi not in keyed:
                        rec = {"type": "esp-pending", "spi": spi, "ike": s.spi_i or "?"}
                        records.append((rec, f"esp-pending {spi} ike={rec['ike']}"))
    for rec, line in records:
        print(json.dumps(rec) if as_json else line)
    return 0 if found else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
