import base64
import hashlib
import hmac

from app.platforms.signing import (
    canonical_json,
    douyin_sign,
    kuaidi100_sign,
    kuaishou_sign,
    pdd_sign,
)


def test_canonical_json_sorted_unescaped():
    assert canonical_json({"b": 1, "a": "<收>"}) == '{"a":"<收>","b":1}'


def test_douyin_sign_both_methods():
    s = "app_keyAKmethodorder.searchListparam_json{}timestamp1700000000v2"
    md5 = douyin_sign("AK", "SEC", "order.searchList", "{}", "1700000000", "md5")
    assert md5 == hashlib.md5(f"SEC{s}SEC".encode()).hexdigest()
    mac = douyin_sign("AK", "SEC", "order.searchList", "{}", "1700000000")
    assert mac == hmac.new(b"SEC", f"SEC{s}SEC".encode(), hashlib.sha256).hexdigest()


def test_kuaishou_sign():
    params = {"method": "open.express.ebill.get", "appkey": "k", "version": "1"}
    base = "appkey=k&method=open.express.ebill.get&version=1&signSecret=S"
    assert kuaishou_sign(params, "S", "MD5") == hashlib.md5(base.encode()).hexdigest()
    assert kuaishou_sign(params, "S") == base64.b64encode(
        hmac.new(b"S", base.encode(), hashlib.sha256).digest()).decode()


def test_pdd_and_kuaidi100():
    assert pdd_sign({"type": "t", "client_id": "c"}, "S") == \
        hashlib.md5(b"Sclient_idctypetS").hexdigest().upper()
    assert kuaidi100_sign('{"num":"1"}', "KEY", "CUST") == \
        hashlib.md5(b'{"num":"1"}KEYCUST').hexdigest().upper()
