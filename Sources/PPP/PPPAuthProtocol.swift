/// The authentication protocols PPP speaks here: PAP (RFC 1334) and CHAP with MD5 (RFC 1994).
public enum PPPAuthProtocol: Hashable, Sendable { case pap, chap }
