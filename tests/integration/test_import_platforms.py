"""Kuaishou, Taobao/Tmall, PDD, JD, WeChat Channels and any other layout (mapping profiles)."""

from __future__ import annotations

import pytest

from app.importers import LAYOUTS
from app.services.import_orders import (
    delete_profile,
    import_files,
    list_profiles,
    preview_file,
    save_profile,
)
from app.services.order_sink import Sealer
from app.store.recipients import open_field, seal_recipient
from tests.integration.test_import_support import (
    KUAISHOU,
    csv_text,
    order,
    order_ids,
    receiver,
    sample_rows,
    write,
    write_xlsx,
)

K_HEADER, K_ROWS = sample_rows(KUAISHOU)
K_OID = K_HEADER.index("订单号")
K_ADDR = K_HEADER.index("收货地址")


def test_kuaishou_sample_csv_splits_addresses(ws):
    s = import_files(ws, [KUAISHOU])
    assert s.errors == [] and s.imported == len(K_ROWS)
    assert s.details[0]["platform"] == "kuaishou"
    by_addr = {r[K_ADDR]: r[K_OID] for r in K_ROWS}
    cq = next(v for k, v in by_addr.items() if k.startswith("重庆市"))
    got = receiver(ws, cq)
    assert (got["province"], got["city"], got["district"], got["street"]) == \
        ("重庆市", "重庆市", "渝北区", "回兴街道")
    jy = next(v for k, v in by_addr.items() if k.startswith("河南省 济源市"))
    got = receiver(ws, jy)
    assert (got["province"], got["city"], got["district"], got["street"]) == \
        ("河南省", "济源市", "济源市", "沁园街道")
    assert got["detail"] and not got["detail"].startswith("沁园")
    bj = next(v for k, v in by_addr.items() if k.startswith("北京市"))
    assert receiver(ws, bj)["city"] == "北京市"
    assert import_files(ws, [KUAISHOU]).unchanged == len(K_ROWS)


def test_kuaishou_xlsx(ws, tmp_path):
    p = write_xlsx(tmp_path / "ks.xlsx", [K_HEADER, *K_ROWS[:10]])
    s = import_files(ws, [p])
    assert s.errors == [] and s.imported == 10
    assert order(ws, K_ROWS[0][K_OID]).status == "to_ship"


def _taobao(tmp_path):
    header = ["订单编号", "买家会员名", "买家支付宝账号", "买家应付货款", "买家应付邮费",
              "总金额", "买家实际支付金额", "订单状态", "买家留言", "收货人姓名", "收货地址",
              "运送方式", "联系电话", "联系手机", "订单创建时间", "订单付款时间", "宝贝标题",
              "宝贝种类", "物流单号", "物流公司", "订单备注", "宝贝总数量", "店铺名称"]
    rows = [
        ["3312345678901234567", "tb_buyer", "b***@x.com", "59.00", "0.00", "59.00", "59.00",
         "买家已付款，等待卖家发货", "", "王小明", "浙江省 杭州市 余杭区 五常街道 文一西路998号(311100)",
         "快递", "", "13812345678", "2026-11-20 10:00:00", "2026-11-20 10:01:00",
         "冻干草莓脆", "1", "", "", "加急", "2", "小店"],
        ["3312345678901234568", "tb_b2", "c***@x.com", "19.90", "6.00", "25.90", "25.90",
         "交易关闭", "", "李四", "北京 北京市 朝阳区 望京街道 望京东路1号(100102)", "快递", "",
         "13912345678", "2026-11-20 11:00:00", "", "鲜花饼", "1", "", "", "", "1", "小店"],
    ]
    return write(tmp_path / "ExportOrderList.csv", csv_text([header, *rows]), "gbk")


def _pdd(tmp_path):
    header = ["商品", "订单号", "订单状态", "商品总价(元)", "店铺优惠折扣(元)", "平台优惠折扣(元)",
              "多多支付立减金额(元)", "邮费(元)", "用户实付金额(元)", "商家实收金额(元)",
              "商品数量(件)", "收货人", "手机", "省", "市", "区", "街道", "详细地址",
              "拼单成功时间", "订单成交时间", "承诺发货时间", "商品规格", "商家编码-SKU维度",
              "商品id", "快递单号", "快递公司", "商家备注", "售后状态", "买家留言"]
    rows = [["土鸡蛋 30枚", "231120-123456789012345", "待发货", "49.90", "0.00", "0.00", "0.00",
             "0.00", "49.90", "49.90", "1", "赵六", "13700001111", "湖北省", "仙桃市", "仙桃市",
             "干河街道", "钱沟路1号", "2026-11-20 12:00:00", "2026-11-20 12:00:00",
             "2026-11-22 12:00:00", "30枚", "EGG-30", "123456", "", "", "", "无售后或售后取消", ""],
            ["鲜花饼", "231120-123456789012346", "未发货，退款成功", "45.80", "0.00", "0.00",
             "0.00", "0.00", "45.80", "45.80", "1", "钱七", "13700002222", "上海市", "上海市",
             "浦东新区", "川沙新镇", "张江路665号", "2026-11-20 12:00:00", "2026-11-20 12:00:00",
             "2026-11-22 12:00:00", "10枚", "CAKE-10", "123457", "", "", "", "退款成功", ""]]
    return write_xlsx(tmp_path / "pdd.xlsx", [header, *rows])


def _jd(tmp_path):
    header = ["订单号", "商品ID", "商品名称", "订购数量", "支付方式", "下单时间", "京东价", "订单金额",
              "结算金额", "应付金额", "订单状态", "订单类型", "下单帐号", "客户姓名", "客户地址",
              "联系电话", "订单备注", "商家备注", "运费金额", "付款确认时间"]
    rows = [["298765432101", "100012345678", "赣南脐橙 5斤", "1", "在线支付", "2026-11-20 09:00:00",
             "35.90", "35.90", "35.90", "35.90", "等待出库", "SOP", "jd_user", "孙八",
             "广东省东莞市长安镇振安路1号", "138****1234", "", "", "0.00", "2026-11-20 09:01:00"]]
    return write(tmp_path / "jd.csv", csv_text([header, *rows]), "utf-8")


def _wechat(tmp_path):
    header = ["订单号", "订单状态", "订单下单时间", "支付时间", "商品名称", "商品规格", "商品编码",
              "商品数量", "商品单价", "商品实付", "运费", "收件人姓名", "收件人电话", "省份", "城市",
              "区县", "详细地址", "买家备注", "商家备注", "售后状态"]
    rows = [["3712345678901234567", "待发货", "2026-11-20 08:00:00", "2026-11-20 08:00:05",
             "云南鲜花饼", "10枚", "CAKE-10", "2", "45.80", "91.60", "0.00", "周九", "13600001234",
             "新疆维吾尔自治区", "乌鲁木齐市", "天山区", "幸福路街道 1号", "", "", ""]]
    return write(tmp_path / "wechat.csv", csv_text([header, *rows]), "utf-8-sig")


@pytest.mark.parametrize("make,platform", [(_taobao, "taobao"), (_pdd, "pdd"), (_jd, "jd"),
                                           (_wechat, "wechat")])
def test_builtin_layouts_are_detected_and_imported(ws, tmp_path, make, platform):
    p = make(tmp_path)
    pv = preview_file(ws, p)
    assert pv.platform == platform and pv.ready and not pv.verified
    s = import_files(ws, [p])
    assert s.errors == [], s.errors
    assert s.details[0]["platform"] == platform and s.imported >= 1


def test_taobao_address_postcode_and_statuses(ws, tmp_path):
    import_files(ws, [_taobao(tmp_path)])
    got = receiver(ws, "3312345678901234567")
    assert (got["province"], got["city"], got["district"], got["street"], got["detail"]) == \
        ("浙江省", "杭州市", "余杭区", "五常街道", "文一西路998号")
    assert order(ws, "3312345678901234568").status == "cancelled"
    assert receiver(ws, "3312345678901234568")["city"] == "北京市"


def test_pdd_ids_with_dashes_and_refund_status(ws, tmp_path):
    import_files(ws, [_pdd(tmp_path)])
    assert {"231120-123456789012345", "231120-123456789012346"} <= order_ids(ws)
    assert order(ws, "231120-123456789012346").status == "refunded"
    assert receiver(ws, "231120-123456789012345")["city"] == "仙桃市"


def _unknown(tmp_path, name="xhs.csv"):
    header = ["序号", "单据编号", "买家姓名", "买家手机", "寄送地址", "货品", "件数", "金额", "状态"]
    rows = [["1", "XHS20261120001", "吴十", "13500001234", "四川省 成都市 武侯区 簇桥街道 1号",
             "鲜花饼", "2", "91.60", "待发货"],
            ["2", "XHS20261120002", "郑一", "13500005678", "江苏省南京市鼓楼区湖南路街道2号",
             "脐橙", "1", "35.90", "已取消"]]
    return write(tmp_path / name, csv_text([header, *rows]))


MAPPING = {"order_id": "单据编号", "name": "买家姓名", "phone": "买家手机",
           "full_address": "寄送地址", "title": "货品", "qty": "件数", "payable": "金额",
           "status": "状态"}


def test_unknown_layout_needs_a_mapping_then_a_saved_profile_is_reused(ws, tmp_path):
    p = _unknown(tmp_path)
    s = import_files(ws, [p])
    assert len(s.errors) == 1 and "map the columns" in s.errors[0].message
    pv = preview_file(ws, p)
    assert not pv.ready and pv.source == "guess" and pv.header[1] == "单据编号"
    assert "order_id" in pv.missing
    # the mapping editor gives a mapping: import with it
    s = import_files(ws, [p], mapping=MAPPING, platform="xiaohongshu", shop_name="小红书店")
    assert s.errors == [] and s.imported == 2
    assert receiver(ws, "XHS20261120001")["district"] == "武侯区"
    assert order(ws, "XHS20261120002").status == "cancelled"
    # saved for the shop, the next file of this layout needs nothing
    prof = save_profile(ws, shop_name="小红书店", platform="xiaohongshu", name="小红书导出",
                        header=pv.header, columns=MAPPING)
    p2 = _unknown(tmp_path, "xhs-later.csv")
    pv2 = preview_file(ws, p2)
    assert pv2.ready and pv2.source == "profile" and pv2.profile == "小红书导出"
    assert pv2.shop == "小红书店" and pv2.platform == "xiaohongshu"
    s2 = import_files(ws, [p2])
    assert s2.errors == [] and s2.unchanged == 2
    assert s2.details[0]["mapping"] == "profile" and s2.details[0]["shop"] == "小红书店"
    listed = list_profiles(ws, "小红书店")
    assert [x.name for x in listed] == ["小红书导出"] and listed[0].use_count == 1
    assert delete_profile(ws, prof.id) and list_profiles(ws) == []


def test_profile_must_name_columns_of_the_file(ws, tmp_path):
    with pytest.raises(ValueError, match="does not have"):
        save_profile(ws, shop_name="x", platform="other", name="p", header=["a", "b"],
                     columns={"order_id": "c"})


def test_sealer_matches_seal_recipient(ws):
    from app.core.orders import RecipientRecord

    sealer = Sealer(ws.cipher)
    cases = [RecipientRecord("王小明", "+86 138-1234-5678", "浙江省", "杭州市", "余杭区", "五常街道",
                             "文一西路998号3号楼501"),
             RecipientRecord("张**", "138****1234", "北京市", "北京市", "朝阳区", "", "望京****"),
             RecipientRecord("##a*b#1##", "$$a*b$1$$", "新疆", "", "", "", "##c*d#1##"),
             RecipientRecord("", "", "", "", "", "", "")]
    cols = ("name_enc", "name_masked", "name_hash", "name_kind", "phone_enc", "phone_masked",
            "phone_hash", "phone_kind", "province", "city", "district", "street", "detail_enc",
            "detail_masked", "detail_hash", "detail_kind", "address_key")
    for r in cases * 2:  # twice: the cached path too
        mine = dict(zip(cols, sealer.row(r), strict=True))
        ref = seal_recipient(ws.cipher, r)
        for k in cols:
            if k.endswith("_enc"):
                fld = k[:-4]
                assert open_field(ws.cipher, fld, mine[k]) == open_field(ws.cipher, fld, ref[k])
            else:
                assert mine[k] == ref[k], k


def test_every_builtin_layout_is_marked_verified_or_not():
    assert LAYOUTS["douyin"].verified
    assert not any(LAYOUTS[p].verified for p in ("kuaishou", "taobao", "pdd", "jd", "wechat"))
