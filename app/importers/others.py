"""Built-in layouts for Taobao/Tmall, Pinduoduo, JD and WeChat Channels exports.

*Unverified*: the header names are the ones commonly seen in these platforms' order
exports (and in sellers' ERP templates), not checked against live exports. They are a
starting point for auto-detection; a shop whose export differs maps the columns once in
the import dialog and the mapping is saved as a profile for that shop. Adding an alias
here is the code-side fix.
"""

from __future__ import annotations

import re

from app.core.orders import OrderStatus
from app.importers.mapping import Layout
from app.importers.regions import split_address

_POSTCODE = re.compile(r"\s*[(（]\s*\d{6}\s*[)）]\s*$")


def split_with_postcode(text: str) -> tuple[str, str, str, str, str]:
    """Taobao writes ``浙江省 杭州市 … 文一西路998号(311100)``: drop the postcode."""
    return split_address(_POSTCODE.sub("", text))


# unverified: 千牛 订单报表 (one row per order; items are in a separate 宝贝报表)
TAOBAO = Layout(
    platform="taobao",
    columns={
        "order_id": "订单编号",
        "status": "订单状态",
        "created_at": "订单创建时间",
        "paid_at": "订单付款时间",
        "title": "宝贝标题",
        "qty": "宝贝总数量",
        "payable": "买家实际支付金额",
        "freight": "买家应付邮费",
        "name": "收货人姓名",
        "phone": "联系手机",
        "full_address": "收货地址",
        "buyer_message": "买家留言",
        "seller_remark": "订单备注",
    },
    aliases={
        "phone": ("联系电话", "收货人手机"),
        "payable": ("总金额", "实付款"),
        "sku": ("商家编码", "外部系统编号"),
        "spec": ("商品属性", "宝贝种类"),
        "seller_remark": ("卖家备注", "商家备注"),
        "after_sale_status": ("退款状态",),
        "ship_by": ("承诺发货时间",),
        "flag": ("旗帜",),
    },
    status_map={
        "等待买家付款": OrderStatus.UNPAID,
        "买家已付款，等待卖家发货": OrderStatus.TO_SHIP,
        "买家已付款,等待卖家发货": OrderStatus.TO_SHIP,
        "卖家部分发货": OrderStatus.PARTLY_SHIPPED,
        "卖家已发货，等待买家确认": OrderStatus.SHIPPED,
        "卖家已发货,等待买家确认": OrderStatus.SHIPPED,
        "交易成功": OrderStatus.DONE,
        "交易关闭": OrderStatus.CANCELLED,
        "付款以前，卖家或买家主动关闭交易": OrderStatus.CANCELLED,
    },
    refunded_after_sale=frozenset({"退款成功", "退款完成"}),
    required=("order_id", "name", "phone", "detail"),
    split_address=split_with_postcode,
    id_digits=True,
    label="淘宝/天猫",
    verified=False,
    distinctive=("买家会员名", "买家支付宝账号", "宝贝标题", "买家应付邮费", "联系手机",
                 "宝贝总数量", "买家实际支付金额", "订单付款时间"),
)

# unverified: 拼多多商家后台 订单查询 → 导出 (one row per order; ids like 231120-1234…)
PDD = Layout(
    platform="pdd",
    columns={
        "order_id": "订单号",
        "status": "订单状态",
        "title": "商品",
        "spec": "商品规格",
        "qty": "商品数量(件)",
        "product_id": "商品id",
        "sku": "商家编码-SKU维度",
        "unit_price": "商品总价(元)",
        "payable": "用户实付金额(元)",
        "freight": "邮费(元)",
        "discount": "店铺优惠折扣(元)",
        "name": "收货人",
        "phone": "手机",
        "province": "省",
        "city": "市",
        "district": "区",
        "street": "街道",
        "detail": "详细地址",
        "created_at": "拼单成功时间",
        "paid_at": "订单成交时间",
        "ship_by": "承诺发货时间",
        "seller_remark": "商家备注",
        "buyer_message": "买家留言",
        "after_sale_status": "售后状态",
    },
    aliases={
        "full_address": ("收货地址",),
        "sku": ("商家编码-商品维度", "样式ID"),
        "phone": ("收货人手机", "收货人电话"),
        "qty": ("商品数量",),
        "created_at": ("订单创建时间",),
        "paid_at": ("支付时间",),
    },
    status_map={
        "待发货": OrderStatus.TO_SHIP,
        "已发货，待签收": OrderStatus.SHIPPED,
        "已发货,待签收": OrderStatus.SHIPPED,
        "已签收": OrderStatus.DONE,
        "未发货，退款成功": OrderStatus.REFUNDED,
        "未发货,退款成功": OrderStatus.REFUNDED,
        "已发货，退款成功": OrderStatus.REFUNDED,
        "已发货,退款成功": OrderStatus.REFUNDED,
        "已取消": OrderStatus.CANCELLED,
    },
    refunded_after_sale=frozenset({"退款成功"}),
    required=("order_id", "name", "phone", "detail"),
    split_address=split_address,
    label="拼多多",
    verified=False,
    distinctive=("拼单成功时间", "商品总价(元)", "用户实付金额(元)", "商家编码-SKU维度",
                 "多多支付立减金额(元)", "商家实收金额(元)", "商品数量(件)", "邮费(元)"),
)

# unverified: 京东商家后台 (POP) 订单导出 (one row per order line)
JD = Layout(
    platform="jd",
    columns={
        "order_id": "订单号",
        "product_id": "商品ID",
        "title": "商品名称",
        "qty": "订购数量",
        "unit_price": "京东价",
        "payable": "应付金额",
        "freight": "运费金额",
        "status": "订单状态",
        "name": "客户姓名",
        "full_address": "客户地址",
        "phone": "联系电话",
        "buyer_message": "订单备注",
        "seller_remark": "商家备注",
        "created_at": "下单时间",
        "paid_at": "付款确认时间",
    },
    aliases={
        "sku": ("货号", "商家SKU"),
        "payable": ("订单金额", "结算金额"),
        "phone": ("手机号", "客户电话"),
    },
    status_map={
        "等待出库": OrderStatus.TO_SHIP,
        "等待发货": OrderStatus.TO_SHIP,
        "等待确认收货": OrderStatus.SHIPPED,
        "完成": OrderStatus.DONE,
        "已完成": OrderStatus.DONE,
        "取消": OrderStatus.CANCELLED,
        "已取消": OrderStatus.CANCELLED,
        "(删除)锁定": OrderStatus.CANCELLED,
        "锁定": OrderStatus.UNKNOWN,
    },
    refunded_after_sale=frozenset({"退款成功"}),
    required=("order_id", "name", "phone", "detail"),
    split_address=split_address,
    id_digits=True,
    label="京东",
    verified=False,
    distinctive=("客户姓名", "客户地址", "京东价", "下单帐号", "订购数量", "付款确认时间",
                 "运费金额"),
)

# unverified: 微信小店 / 视频号小店 订单导出
WECHAT = Layout(
    platform="wechat",
    columns={
        "order_id": "订单号",
        "status": "订单状态",
        "created_at": "订单下单时间",
        "paid_at": "支付时间",
        "title": "商品名称",
        "spec": "商品规格",
        "sku": "商品编码",
        "qty": "商品数量",
        "unit_price": "商品单价",
        "payable": "商品实付",
        "freight": "运费",
        "name": "收件人姓名",
        "phone": "收件人电话",
        "province": "省份",
        "city": "城市",
        "district": "区县",
        "detail": "详细地址",
        "buyer_message": "买家备注",
        "seller_remark": "商家备注",
        "after_sale_status": "售后状态",
    },
    aliases={
        "created_at": ("下单时间",),
        "name": ("收货人姓名",),
        "phone": ("收件人手机", "收货人手机"),
        "full_address": ("收货地址",),
        "payable": ("订单实付金额", "实付金额"),
        "sub_order_id": ("商品订单号",),
        "ship_by": ("最晚发货时间",),
    },
    status_map={
        "待付款": OrderStatus.UNPAID,
        "待发货": OrderStatus.TO_SHIP,
        "部分发货": OrderStatus.PARTLY_SHIPPED,
        "待收货": OrderStatus.SHIPPED,
        "已发货": OrderStatus.SHIPPED,
        "已完成": OrderStatus.DONE,
        "已取消": OrderStatus.CANCELLED,
    },
    refunded_after_sale=frozenset({"退款成功", "售后完成"}),
    required=("order_id", "name", "phone", "detail"),
    split_address=split_address,
    id_digits=True,
    label="微信小店/视频号",
    verified=False,
    distinctive=("订单下单时间", "商品实付", "收件人电话", "买家备注", "省份", "区县"),
)

# any other layout: every common header name, to suggest a mapping in the editor
GENERIC = Layout(
    platform="other",
    columns={},
    aliases={
        "order_id": ("订单号", "订单编号", "主订单编号", "主订单号", "订单ID", "order_id"),
        "sub_order_id": ("子订单号", "子订单编号", "商品订单号"),
        "status": ("订单状态", "状态"),
        "created_at": ("下单时间", "订单创建时间", "创建时间", "订单提交时间", "订单下单时间"),
        "paid_at": ("付款时间", "支付时间", "订单付款时间", "订单支付时间", "支付完成时间"),
        "ship_by": ("承诺发货时间", "最晚发货时间"),
        "title": ("商品名称", "商品", "宝贝标题", "商品标题", "选购商品"),
        "spec": ("商品规格", "规格", "商品属性", "SKU属性"),
        "qty": ("数量", "商品数量", "购买数量", "订购数量", "宝贝总数量", "商品数量(件)"),
        "sku": ("商家编码", "SKU编码", "货号", "商品编码"),
        "product_id": ("商品ID", "商品id"),
        "unit_price": ("单价", "商品单价", "价格"),
        "payable": ("实付款", "实付金额", "应付金额", "订单金额", "买家实际支付金额",
                    "用户实付金额(元)", "商品实付", "订单应付金额"),
        "freight": ("运费", "邮费", "运费金额", "邮费(元)"),
        "discount": ("优惠", "优惠金额", "优惠总金额"),
        "name": ("收货人", "收件人", "收货人姓名", "收件人姓名", "客户姓名"),
        "phone": ("收货人电话", "收件人电话", "手机", "手机号", "联系电话", "联系手机",
                  "收货人手机", "收件人手机号", "收件人手机"),
        "province": ("省", "省份"),
        "city": ("市", "城市"),
        "district": ("区", "区县", "县区"),
        "street": ("街道", "镇/街道"),
        "detail": ("详细地址",),
        "full_address": ("收货地址", "地址", "客户地址", "收件地址"),
        "buyer_message": ("买家留言", "买家备注", "留言"),
        "seller_remark": ("商家备注", "卖家备注", "备注"),
        "after_sale_status": ("售后状态", "退款状态"),
        "flag": ("旗帜", "旗帜颜色", "插旗"),
    },
    status_map={},
    required=("order_id", "name", "phone", "detail"),
    split_address=split_address,
    label="其他平台",
    verified=False,
)
