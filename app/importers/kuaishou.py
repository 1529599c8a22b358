"""Kuaishou 快手小店 order export (CSV or XLSX).

The column names follow the sample export and are representative, *unverified* against a
live export: a wrong guess is an alias to add here (or a saved mapping profile), not a
code change. The receiver address comes as one field (``省 市 区 街道 详细地址``; for
municipalities the repeated city is left out), split with the administrative-division
table (app/importers/regions.py).
"""

from __future__ import annotations

from app.core.orders import OrderStatus
from app.importers.mapping import Layout
from app.importers.regions import split_address

LAYOUT = Layout(
    platform="kuaishou",
    columns={
        "order_id": "订单号",
        "status": "订单状态",
        "created_at": "订单创建时间",
        "paid_at": "订单支付时间",
        "title": "商品名称",
        "spec": "商品规格",
        "qty": "商品数量",
        "unit_price": "商品单价",
        "payable": "实付款",
        "freight": "运费",
        "name": "收货人姓名",
        "phone": "收货人电话",
        "full_address": "收货地址",
        "buyer_message": "买家留言",
        "seller_remark": "商家备注",
    },
    aliases={
        "order_id": ("订单编号",),
        "sub_order_id": ("子订单号", "子订单编号"),
        "sku": ("商家编码", "SKU编码", "商品编码"),
        "product_id": ("商品ID",),
        "name": ("收货人", "收件人"),
        "phone": ("收货人手机号", "收货人手机", "联系电话"),
        "payable": ("实付金额", "订单实付款"),
        "after_sale_status": ("售后状态", "退款状态"),
        "ship_by": ("承诺发货时间", "最晚发货时间"),
        "province": ("省", "省份"),
        "city": ("市", "城市"),
        "district": ("区", "区县"),
        "detail": ("详细地址",),
        "flag": ("插旗", "旗帜"),
    },
    status_map={
        "待付款": OrderStatus.UNPAID,
        "待发货": OrderStatus.TO_SHIP,
        "已发货": OrderStatus.SHIPPED,
        "待收货": OrderStatus.SHIPPED,
        "已收货": OrderStatus.DONE,
        "交易成功": OrderStatus.DONE,
        "已完成": OrderStatus.DONE,
        "交易关闭": OrderStatus.CANCELLED,
        "已关闭": OrderStatus.CANCELLED,
        "已取消": OrderStatus.CANCELLED,
        "已退款": OrderStatus.REFUNDED,
    },
    refunded_after_sale=frozenset({"退款成功", "已退款", "退款完成"}),
    required=("order_id", "name", "phone", "detail"),
    split_address=split_address,
    id_digits=True,
    label="快手小店",
    verified=False,
    distinctive=("主播昵称", "实付款", "收货人电话", "订单支付时间"),
)
