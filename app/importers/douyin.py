"""Douyin 抖店 order export (CSV or XLSX), one row per sub-order.

The header names are those of the sample export (54 of the ~70 columns a live export
has); every column not named here is kept with the order (Order.extra).
"""

from __future__ import annotations

from app.core.orders import OrderStatus
from app.importers.mapping import Layout

LAYOUT = Layout(
    platform="douyin",
    columns={
        "order_id": "主订单编号",
        "sub_order_id": "子订单编号",
        "title": "选购商品",
        "spec": "商品规格",
        "qty": "商品数量",
        "product_id": "商品ID",
        "sku": "商家编码",
        "unit_price": "商品单价",
        "payable": "订单应付金额",
        "freight": "运费",
        "discount": "优惠总金额",
        "name": "收件人",
        "phone": "收件人手机号",
        "province": "省",
        "city": "市",
        "district": "区",
        "street": "街道",
        "detail": "详细地址",
        "buyer_message": "买家留言",
        "created_at": "订单提交时间",
        "paid_at": "支付完成时间",
        "ship_by": "承诺发货时间",
        "flag": "旗帜颜色",
        "seller_remark": "商家备注",
        "status": "订单状态",
        "after_sale_status": "售后状态",
    },
    aliases={
        "phone": ("收件人电话", "联系电话"),
        "name": ("收件人姓名",),
        "detail": ("详细收货地址",),
    },
    status_map={
        "待付款": OrderStatus.UNPAID,
        "待支付": OrderStatus.UNPAID,
        "待发货": OrderStatus.TO_SHIP,
        "备货中": OrderStatus.TO_SHIP,
        "部分发货": OrderStatus.PARTLY_SHIPPED,
        "已发货": OrderStatus.SHIPPED,
        "已完成": OrderStatus.DONE,
        "已关闭": OrderStatus.CANCELLED,
        "已取消": OrderStatus.CANCELLED,
        "交易关闭": OrderStatus.CANCELLED,
        "已支付": OrderStatus.TO_SHIP,
        "待收货": OrderStatus.SHIPPED,
    },
    refunded_after_sale=frozenset({"退款成功", "已退款"}),
    required=("order_id", "name", "phone", "detail"),
    id_digits=True,
    label="抖店",
    distinctive=("主订单编号", "子订单编号", "选购商品", "订单应付金额", "达人ID", "是否安心购",
                 "旗帜颜色", "APP渠道"),
)
