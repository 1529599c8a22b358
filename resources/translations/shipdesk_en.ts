<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AccountDialog</name>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="208" />
        <source>不跟踪</source>
        <translation>Don't track</translation>
    </message>
    <message>
        <source>中通</source>
        <translation>ZTO</translation>
    </message>
    <message>
        <source>京东</source>
        <translation>JD</translation>
    </message>
    <message>
        <source>区</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="221" />
        <source>同平台同快递的默认账号</source>
        <translation>Default for this platform and carrier</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="219" />
        <source>启用</source>
        <translation>Enabled</translation>
    </message>
    <message>
        <source>圆通</source>
        <translation>YTO</translation>
    </message>
    <message>
        <source>寄件人</source>
        <translation>Sender</translation>
    </message>
    <message>
        <source>寄件电话</source>
        <translation>Sender phone</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="276" />
        <source>已保存，留空不修改</source>
        <translation>Saved; leave blank to keep</translation>
    </message>
    <message>
        <source>市</source>
        <translation>City</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="222" />
        <source>平台</source>
        <translation>Platform</translation>
    </message>
    <message>
        <source>微信视频号</source>
        <translation>WeChat Channels</translation>
    </message>
    <message>
        <source>德邦</source>
        <translation>Deppon</translation>
    </message>
    <message>
        <source>快手小店</source>
        <translation>Kuaishou Store</translation>
    </message>
    <message>
        <source>快手电子面单</source>
        <translation>Kuaishou e-waybill</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="223" />
        <source>快递</source>
        <translation>Carrier</translation>
    </message>
    <message>
        <source>手工订单</source>
        <translation>Manual orders</translation>
    </message>
    <message>
        <source>抖店</source>
        <translation>Douyin Shop</translation>
    </message>
    <message>
        <source>抖店电子面单</source>
        <translation>Douyin e-waybill</translation>
    </message>
    <message>
        <source>拼多多</source>
        <translation>Pinduoduo</translation>
    </message>
    <message>
        <source>拼多多电子面单</source>
        <translation>Pinduoduo e-waybill</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="236" />
        <source>月结账号</source>
        <translation>Monthly account no.</translation>
    </message>
    <message>
        <source>极兔</source>
        <translation>J&amp;T</translation>
    </message>
    <message>
        <source>沙箱（离线测试）</source>
        <translation>Sandbox (offline test)</translation>
    </message>
    <message>
        <source>淘宝/天猫</source>
        <translation>Taobao/Tmall</translation>
    </message>
    <message>
        <source>申通</source>
        <translation>STO</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="195" />
        <source>电子面单账号</source>
        <translation>E-waybill account</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="217" />
        <source>留空使用平台正式网关</source>
        <translation>Leave blank for the platform's live gateway</translation>
    </message>
    <message>
        <source>省</source>
        <translation>Province</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="235" />
        <source>网关地址</source>
        <translation>Gateway URL</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="226" />
        <source>网点名称</source>
        <translation>Branch name</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="225" />
        <source>网点编码</source>
        <translation>Branch code</translation>
    </message>
    <message>
        <source>菜鸟电子面单</source>
        <translation>Cainiao e-waybill</translation>
    </message>
    <message>
        <source>街道</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>详细地址</source>
        <translation>Street address</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="227" />
        <source>面单余额</source>
        <translation>Waybill balance</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="224" />
        <source>面单接口</source>
        <translation>Waybill service</translation>
    </message>
    <message>
        <source>韵达</source>
        <translation>Yunda</translation>
    </message>
    <message>
        <source>顺丰</source>
        <translation>SF</translation>
    </message>
</context>
<context>
    <name>AccountsPage</name>
    <message>
        <source>京东</source>
        <translation>JD</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="316" />
        <source>余额</source>
        <translation>Balance</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="325" />
        <source>修改</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="355" />
        <source>停用</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="326" />
        <source>停用/启用</source>
        <translation>Disable/Enable</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="327" />
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="355" />
        <source>启用</source>
        <translation>Enabled</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="316" />
        <source>寄件地址</source>
        <translation>Sender address</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="315" />
        <source>平台</source>
        <translation>Platform</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="319" />
        <source>平台规则：抖店订单只能用抖店电子面单，快手订单用快手电子面单，拼多多用拼多多电子面单，淘宝天猫用菜鸟电子面单。</source>
        <translation>Platform rules: Douyin orders can only use Douyin e-waybills, Kuaishou orders Kuaishou e-waybills, Pinduoduo orders Pinduoduo e-waybills, Taobao/Tmall orders Cainiao e-waybills.</translation>
    </message>
    <message>
        <source>微信视频号</source>
        <translation>WeChat Channels</translation>
    </message>
    <message>
        <source>快手小店</source>
        <translation>Kuaishou Store</translation>
    </message>
    <message>
        <source>快手电子面单</source>
        <translation>Kuaishou e-waybill</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="315" />
        <source>快递</source>
        <translation>Carrier</translation>
    </message>
    <message>
        <source>手工订单</source>
        <translation>Manual orders</translation>
    </message>
    <message>
        <source>抖店</source>
        <translation>Douyin Shop</translation>
    </message>
    <message>
        <source>抖店电子面单</source>
        <translation>Douyin e-waybill</translation>
    </message>
    <message>
        <source>拼多多</source>
        <translation>Pinduoduo</translation>
    </message>
    <message>
        <source>拼多多电子面单</source>
        <translation>Pinduoduo e-waybill</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="315" />
        <source>接口</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>沙箱（离线测试）</source>
        <translation>Sandbox (offline test)</translation>
    </message>
    <message>
        <source>淘宝/天猫</source>
        <translation>Taobao/Tmall</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="324" />
        <source>添加账号</source>
        <translation>Add account</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="317" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="316" />
        <source>网点</source>
        <translation>Branch</translation>
    </message>
    <message>
        <source>菜鸟电子面单</source>
        <translation>Cainiao e-waybill</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="387" />
        <source>这个账号取过单号，不能删除，已停用。</source>
        <translation>This account has issued waybill numbers, so it cannot be deleted; it has been disabled.</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="354" />
        <source>默认 · </source>
        <translation>Default · </translation>
    </message>
</context>
<context>
    <name>AlertsModel</name>
    <message>
        <source>即将超时未发货</source>
        <translation>Ship deadline near</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>处理中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>已解决</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <source>已超时未发货</source>
        <translation>Ship deadline missed</translation>
    </message>
    <message>
        <source>待处理</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>打单后取消/退款，需拦截</source>
        <translation>Cancelled/refunded after printing: intercept</translation>
    </message>
    <message>
        <source>打单后未揽收</source>
        <translation>Not picked up after printing</translation>
    </message>
    <message>
        <source>拒签</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>提示</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>提醒</source>
        <translation>Alert</translation>
    </message>
    <message>
        <source>揽收后无更新</source>
        <translation>No update since pickup</translation>
    </message>
    <message>
        <source>期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>极速达截单未揽收</source>
        <translation>Express not picked up by cutoff</translation>
    </message>
    <message>
        <source>注意</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>疑难件/派送异常</source>
        <translation>Problem parcel / delivery exception</translation>
    </message>
    <message>
        <source>紧急</source>
        <translation>Urgent</translation>
    </message>
    <message>
        <source>级别</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>触发时间</source>
        <translation>Raised</translation>
    </message>
    <message>
        <source>订单号</source>
        <translation>Order id</translation>
    </message>
    <message>
        <source>运单号</source>
        <translation>Waybill</translation>
    </message>
    <message>
        <source>退回</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>驿站/快递柜超时未取</source>
        <translation>Uncollected at pickup point/locker</translation>
    </message>
</context>
<context>
    <name>AlertWatch</name>
    <message>
        <source>{0} 条提醒待处理，其中紧急 {1} 条</source>
        <translation>{0} alerts to handle, {1} of them urgent</translation>
    </message>
    <message>
        <source>没有待处理的提醒</source>
        <translation>No alerts to handle</translation>
    </message>
    <message>
        <source>跟踪与提醒</source>
        <translation>Tracking &amp; alerts</translation>
    </message>
    <message>
        <source>查看物流…</source>
        <translation>Tracking…</translation>
    </message>
    <message>
        <source>请只选一个订单，再查看物流</source>
        <translation>Select one order to see its tracking</translation>
    </message>
    <message>
        <source>所选订单的包裹在哪里：物流状态和每一条物流记录</source>
        <translation>Where the selected order's parcels are: their status and every tracking event</translation>
    </message>
</context>
<context>
    <name>TrackingDialog</name>
    <message>
        <source>已打单，待揽收</source>
        <translation>Label printed, awaiting pickup</translation>
    </message>
    <message>
        <source>已揽收</source>
        <translation>Picked up</translation>
    </message>
    <message>
        <source>运输中</source>
        <translation>In transit</translation>
    </message>
    <message>
        <source>派送中</source>
        <translation>Out for delivery</translation>
    </message>
    <message>
        <source>待取件（驿站或快递柜）</source>
        <translation>Waiting at a pickup point or locker</translation>
    </message>
    <message>
        <source>投递失败</source>
        <translation>Delivery failed</translation>
    </message>
    <message>
        <source>异常</source>
        <translation>Exception</translation>
    </message>
    <message>
        <source>退回中</source>
        <translation>Returning</translation>
    </message>
    <message>
        <source>已退回</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>已签收</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>状态未知</source>
        <translation>Status unknown</translation>
    </message>
    <message>
        <source>物流 · 订单 {0}</source>
        <translation>Tracking · order {0}</translation>
    </message>
    <message>
        <source>物流</source>
        <translation>Tracking</translation>
    </message>
    <message>
        <source>这个订单还没有运单号：取号并打印面单后才能跟踪物流。</source>
        <translation>This order has no waybill number yet: tracking starts once a number is taken and the label printed.</translation>
    </message>
    <message>
        <source>复制运单号</source>
        <translation>Copy waybill numbers</translation>
    </message>
    <message>
        <source>包裹 {0}/{1}</source>
        <translation>Parcel {0}/{1}</translation>
    </message>
    <message>
        <source>还没有查询过物流（打印后的下一次刷新物流会开始跟踪）</source>
        <translation>Not queried yet (the next tracking refresh after printing starts tracking it)</translation>
    </message>
    <message>
        <source>面单还没有打印</source>
        <translation>The label is not printed yet</translation>
    </message>
    <message>
        <source>还没有物流记录</source>
        <translation>No tracking events yet</translation>
    </message>
    <message>
        <source>上次查询失败：{0}</source>
        <translation>The last query failed: {0}</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>物流信息</source>
        <translation>Event</translation>
    </message>
</context>
<context>
    <name>TrackingSettings</name>
    <message>
        <source>沙盒（离线演示，不查询真实物流）</source>
        <translation>Sandbox (offline demo, no real tracking)</translation>
    </message>
    <message>
        <source>快递100</source>
        <translation>Kuaidi100</translation>
    </message>
    <message>
        <source>快递鸟</source>
        <translation>KDNiao</translation>
    </message>
    <message>
        <source>打单后未揽收</source>
        <translation>Not picked up after printing</translation>
    </message>
    <message>
        <source>打印面单后超过这么多小时还没有揽收记录，就提醒</source>
        <translation>Alert when a printed parcel has no pickup scan after this many hours</translation>
    </message>
    <message>
        <source>物流停滞</source>
        <translation>Tracking stalled</translation>
    </message>
    <message>
        <source>揽收后超过这么多小时没有新的物流记录，就提醒</source>
        <translation>Alert when a picked-up parcel has no new tracking event for this many hours</translation>
    </message>
    <message>
        <source>即将超时提前</source>
        <translation>Warn before the ship-by time</translation>
    </message>
    <message>
        <source>离发货截止时间还剩这么多小时仍未揽收，就提醒</source>
        <translation>Alert when this many hours are left before the ship-by time and there is no pickup scan</translation>
    </message>
    <message>
        <source>默认发货时限</source>
        <translation>Default ship-by time</translation>
    </message>
    <message>
        <source>平台没有给发货截止时间时，按付款后这么多小时算</source>
        <translation>When the platform gives no ship-by time, count this many hours from payment</translation>
    </message>
    <message>
        <source>当日达交接</source>
        <translation>Same-day hand-over</translation>
    </message>
    <message>
        <source>当日达订单要在截单后这么多小时内交给快递</source>
        <translation>Same-day orders must reach the carrier within this many hours of the cut-off</translation>
    </message>
    <message>
        <source>物流跟踪服务</source>
        <translation>Tracking service</translation>
    </message>
    <message>
        <source>跟踪服务</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>沙盒按模拟的物流轨迹演示揽收、在途和签收，不联网。</source>
        <translation>The sandbox plays simulated journeys (pickup, in transit, delivered) without the network.</translation>
    </message>
    <message>
        <source>授权码 customer</source>
        <translation>Customer ID</translation>
    </message>
    <message>
        <source>授权 Key</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>接口地址</source>
        <translation>API address</translation>
    </message>
    <message>
        <source>商户 ID（EBusinessID）</source>
        <translation>EBusinessID</translation>
    </message>
    <message>
        <source>API Key</source>
        <translation>API key</translation>
    </message>
    <message>
        <source>{&quot;JD&quot;: &quot;商家编码&quot;}</source>
        <translation>{&quot;JD&quot;: &quot;merchant code&quot;}</translation>
    </message>
    <message>
        <source>商家编码（京东等）</source>
        <translation>Merchant codes (JD and others)</translation>
    </message>
    <message>
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <source>不自动刷新</source>
        <translation>Off</translation>
    </message>
    <message>
        <source>自动刷新物流</source>
        <translation>Refresh tracking every</translation>
    </message>
    <message>
        <source>工作台开着时每隔这么久查一次物流，再检查提醒；0 为不自动刷新（可在「异常」页手动刷新）</source>
        <translation>While the workstation is open, query tracking this often, then check the alerts; 0 turns it off (refresh by hand on the Alerts page)</translation>
    </message>
    <message>
        <source>提醒时限</source>
        <translation>Alert thresholds</translation>
    </message>
    <message>
        <source> 小时</source>
        <translation> h</translation>
    </message>
    <message>
        <source>当日达订单在这个时间前付款才算当天的</source>
        <translation>Same-day orders paid before this time count for the same day</translation>
    </message>
    <message>
        <source>当日达截单时间</source>
        <translation>Same-day cut-off</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>已保存；留空则不修改</source>
        <translation>Saved; leave blank to keep it</translation>
    </message>
    <message>
        <source>已保存：下一次刷新物流和检查提醒时生效</source>
        <translation>Saved: used from the next tracking refresh and alert check</translation>
    </message>
</context>
<context>
    <name>AlertsPage</name>
    <message>
        <location filename="../../app/ui/pages.py" line="93" />
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="93" />
        <source>订单号</source>
        <translation>Order id</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="93" />
        <source>运单号</source>
        <translation>Waybill</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="93" />
        <source>说明</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="94" />
        <source>期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="101" />
        <source>需要拦截的包裹</source>
        <translation>Parcels to intercept</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="103" />
        <source>面单打印后买家取消或退款的订单：找到包裹，撕下面单，不要交给快递员。</source>
        <translation>Orders cancelled or refunded after their label was printed: find the parcel, remove the label, do not hand it to the courier.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="105" />
        <source>包裹中心提醒</source>
        <translation>Package centre alerts</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="122" />
        <source>物流跟踪模块还没有安装：未揽收、揽收后未发出、即将超时等提醒会显示在这里。</source>
        <translation>Tracking is not installed yet: not-picked-up, stalled and about-to-breach alerts will show here.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="127" />
        <source>读取提醒失败：{0}</source>
        <translation>Cannot read alerts: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="129" />
        <source>{0} 条提醒</source>
        <translation>{0} alerts</translation>
    </message>
    <message>
        <location filename="../../app/ui/alerts_page.py" line="210" />
        <source>{0} 条待处理（紧急 {1}），列表 {2} 条</source>
        <translation>{0} open ({1} urgent), {2} listed</translation>
    </message>
    <message>
        <location filename="../../app/ui/alerts_page.py" line="141" />
        <source>停止</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../app/ui/alerts_page.py" line="128" />
        <source>全部类型</source>
        <translation>All types</translation>
    </message>
    <message>
        <location filename="../../app/ui/alerts_page.py" line="139" />
        <source>刷新物流</source>
        <translation>Refresh tracking</translation>
    </message>
    <message>
        <location filename="../../app/ui/alerts_page.py" line="343" />
        <source>刷新物流失败：{0}</source>
        <translation>Tracking refresh failed: {0}</translation>
    </message>
    <message>
        <source>即将超时未发货</source>
        <translation>Ship deadline near</translation>
    </message>
    <message>
        <location filename="../../app/ui/alerts_page.py" line="256" />
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>处理中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../../app/ui/alerts_page.py" line="136" />
        <source>已处理</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <source>已解决</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <source>已超时未发货</source>
        <translation>Ship deadline missed</translation>
    </message>
    <message>
        <location filename="../../app/ui/alerts_page.py" line="252" />
        <source>已选 {0} 条提醒</source>
        <translation>{0} alerts selected</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="111" />
        <source>异常</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <source>待处理</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>待处理和处理中</source>
        <translation>Open and in progress</translation>
    </message>
    <message>
        <location filename="../../app/ui/alerts_page.py" line="257" />
        <source>怎么做</source>
        <translation>What to do</translation>
    </message>
    <message>
        <location filename="../../app/ui/alerts_page.py" line="133" />
        <source>我来处理</source>
        <translation>I'll handle it</translation>
    </message>
    <message>
        <location filename="../../app/ui/alerts_page.py" line="138" />
        <source>手动解决：除非出现新情况，不会再提醒</source>
        <translation>Resolve manually: no further alerts unless something new happens</translation>
    </message>
    <message>
        <source>打单后取消/退款，需拦截</source>
        <translation>Cancelled/refunded after printing: intercept</translation>
    </message>
    <message>
        <source>打单后未揽收</source>
        <translation>Not picked up after printing</translation>
    </message>
    <message>
        <source>拒签</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>提示</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>揽收后无更新</source>
        <translation>No update since pickup</translation>
    </message>
    <message>
        <source>极速达截单未揽收</source>
        <translation>Express not picked up by cutoff</translation>
    </message>
    <message>
        <location filename="../../app/ui/alerts_page.py" line="282" />
        <source>检查提醒</source>
        <translation>Check alerts</translation>
    </message>
    <message>
        <source>注意</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>疑难件/派送异常</source>
        <translation>Problem parcel / delivery exception</translation>
    </message>
    <message>
        <location filename="../../app/ui/alerts_page.py" line="135" />
        <source>确认提醒：条件解除前仍会显示在列表里</source>
        <translation>Acknowledge: stays listed until the condition clears</translation>
    </message>
    <message>
        <location filename="../../app/ui/alerts_page.py" line="259" />
        <source>第 {0} 次</source>
        <translation>Time {0}</translation>
    </message>
    <message>
        <source>紧急</source>
        <translation>Urgent</translation>
    </message>
    <message>
        <source>退回</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../../app/ui/alerts_page.py" line="251" />
        <source>选择一条提醒查看原因和处理办法。</source>
        <translation>Select an alert to see why and what to do.</translation>
    </message>
    <message>
        <location filename="../../app/ui/alerts_page.py" line="258" />
        <source>首次触发</source>
        <translation>First raised</translation>
    </message>
    <message>
        <source>驿站/快递柜超时未取</source>
        <translation>Uncollected at pickup point/locker</translation>
    </message>
    <message>
        <source>查看物流</source>
        <translation>Tracking</translation>
    </message>
    <message>
        <source>这条提醒的包裹：物流状态和每一条物流记录（双击也可）</source>
        <translation>This alert's parcel: its tracking status and every event (or double-click)</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../app/ui/app.py" line="73" />
        <source>ShipDesk 面单工作台</source>
        <extracomment>the UI is written in Chinese; other languages come from .qm files when they exist</extracomment>
        <translation>ShipDesk Shipping Workstation</translation>
    </message>
    <message>
        <location filename="../../app/ui/app.py" line="103" />
        <source>这台电脑没有可用的系统钥匙串。请设置一个口令来保护数据库密钥文件，并牢记它（丢失口令就无法打开订单数据）：</source>
        <translation>This computer has no system keyring. Set a passphrase to protect the database key file and keep it safe (without it the orders cannot be opened):</translation>
    </message>
    <message>
        <location filename="../../app/ui/app.py" line="106" />
        <source>这个数据库的密钥文件受口令保护，请输入口令：</source>
        <translation>This database's key file is protected by a passphrase; enter it:</translation>
    </message>
    <message>
        <location filename="../../app/ui/app.py" line="107" />
        <source>数据库口令</source>
        <translation>Database passphrase</translation>
    </message>
    <message>
        <location filename="../../app/ui/app.py" line="122" />
        <source>默认位置（用户数据目录）</source>
        <translation>the default location (user data folder)</translation>
    </message>
    <message>
        <location filename="../../app/ui/app.py" line="123" />
        <source>无法打开数据库</source>
        <translation>Cannot open the database</translation>
    </message>
    <message>
        <location filename="../../app/ui/app.py" line="124" />
        <source>ShipDesk 无法打开订单数据库：</source>
        <translation>ShipDesk cannot open the order database:</translation>
    </message>
    <message>
        <location filename="../../app/ui/app.py" line="125" />
        <source>请检查：
• 数据库路径是否正确、文件是否被其他程序占用；
• 如果提示需要口令，请设置环境变量 SHIPDESK_KEY_PASSPHRASE 后重新启动；
• 如果提示密钥不对或找不到，请恢复该数据库的密钥备份。
想先看看软件，可以用 shipdesk --demo 打开演示数据。</source>
        <translation>Please check:
• that the database path is right and no other program holds the file;
• if a passphrase is needed, set SHIPDESK_KEY_PASSPHRASE and start again;
• if the key is wrong or missing, restore this database's key backup.
To look around first, open the demo data with shipdesk --demo.</translation>
    </message>
    <message>
        <location filename="../../app/ui/app.py" />
        <source>没有恢复：{0}
当前数据库没有改动。</source>
        <translation>Not restored: {0}
The current database was not changed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/app.py" />
        <source>已从备份恢复：{0}
恢复前的数据库另存为：{1}</source>
        <translation>Restored from the backup {0}
The database as it was is kept as: {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/app.py" />
        <source>备份与恢复</source>
        <translation>Backup and restore</translation>
    </message>
</context>
<context>
    <name>CarrierPage</name>
    <message>
        <location filename="../../app/ui/wizard.py" line="116" />
        <source>快递账号</source>
        <translation>Carrier accounts</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="117" />
        <source>先用离线沙箱账号试用：单号是本地生成的测试号，不能真实发货。真实的电子面单账号以后在设置里添加。</source>
        <translation>Start with offline sandbox accounts: numbers are local test numbers and cannot ship real parcels. Add real e-waybill accounts later in Settings.</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="123" />
        <source>使用沙箱面单账号（推荐先试用）</source>
        <translation>Use sandbox waybill accounts (recommended to start)</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="137" />
        <source>默认快递</source>
        <translation>Default carrier</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="140" />
        <source>开通沙箱账号的快递：</source>
        <translation>Carriers with a sandbox account:</translation>
    </message>
</context>
<context>
    <name>CarriersPage</name>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="101" />
        <source>代码</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="101" />
        <source>使用</source>
        <translation>Use</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="126" />
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="155" />
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="103" />
        <source>单号形状</source>
        <translation>Number format</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="122" />
        <source>发货城市</source>
        <translation>Ship-from city</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="121" />
        <source>发货省份</source>
        <translation>Ship-from province</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="118" />
        <source>如 杭州市</source>
        <translation>e.g. Hangzhou</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="106" />
        <source>平台</source>
        <translation>Platform</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="117" />
        <source>店铺没有发件地址时使用，如 浙江省</source>
        <translation>Used when a shop has no sender address, e.g. Zhejiang</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="102" />
        <source>快手</source>
        <translation>Kuaishou</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="101" />
        <source>快递</source>
        <translation>Carrier</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="102" />
        <source>快递100</source>
        <translation>Kuaidi100</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="106" />
        <source>截单</source>
        <translation>Cutoff</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="102" />
        <source>抖店</source>
        <translation>Douyin Shop</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="103" />
        <source>拼多多</source>
        <translation>Pinduoduo</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="157" />
        <source>按每日截单</source>
        <translation>Use daily cutoff</translation>
    </message>
    <message>
        <source>最便宜</source>
        <translation>Cheapest</translation>
    </message>
    <message>
        <source>最快</source>
        <translation>Fastest</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="105" />
        <source>服务</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="107" />
        <source>服务类型</source>
        <translation>Services</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="120" />
        <source>每日揽收截单时间</source>
        <translation>Daily pickup cutoff</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="119" />
        <source>没有规则时</source>
        <translation>When no rule matches</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="103" />
        <source>菜鸟</source>
        <translation>Cainiao</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="105" />
        <source>说明</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="106" />
        <source>附加费</source>
        <translation>Surcharge</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../app/ui/pages.py" line="174" />
        <source>待发货</source>
        <translation>To ship</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="175" />
        <source>待发货且未取号</source>
        <translation>To ship, no number yet</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="176" />
        <source>已取号待打印</source>
        <translation>Numbered, not printed</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="177" />
        <source>今天已打印</source>
        <translation>Printed today</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="178" />
        <source>需要拦截</source>
        <translation>To intercept</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="179" />
        <source>已发货（运输中）</source>
        <translation>Shipped (in transit)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="180" />
        <source>已完成</source>
        <translation>Completed</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="181" />
        <source>已取消 / 已退款</source>
        <translation>Cancelled / refunded</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="182" />
        <source>全部订单</source>
        <translation>All orders</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="198" />
        <source>刷新统计</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="205" />
        <location filename="../../app/ui/pages.py" line="225" />
        <source>统计</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="227" />
        <source>正在统计…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="237" />
        <source>按状态：</source>
        <translation>By status: </translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="241" />
        <source>统计失败：{0}</source>
        <translation>Counting failed: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="93" />
        <source>今天打单</source>
        <translation>Printed today</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="93" />
        <source>全部在途</source>
        <translation>All in transit</translation>
    </message>
    <message>
        <source>准时发货率</source>
        <translation>On-time dispatch</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="128" />
        <source>包裹中心统计</source>
        <translation>Package centre statistics</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="114" />
        <source>包裹数</source>
        <translation>Parcels</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="125" />
        <source>图表需要 pyqtgraph</source>
        <translation>Charts need pyqtgraph</translation>
    </message>
    <message>
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>已揽收包裹中已签收的占比</source>
        <translation>Share of picked-up parcels that were delivered</translation>
    </message>
    <message>
        <source>已揽收包裹中退回或正在退回的占比</source>
        <translation>Share of picked-up parcels returned or being returned</translation>
    </message>
    <message>
        <source>已签收</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <source>异常</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <source>待取件</source>
        <translation>Awaiting collection</translation>
    </message>
    <message>
        <source>待打印</source>
        <translation>To print</translation>
    </message>
    <message>
        <source>待揽收</source>
        <translation>Awaiting pickup</translation>
    </message>
    <message>
        <source>打单后规定时间内被快递揽收的包裹占比</source>
        <translation>Share of parcels picked up within the set time after printing</translation>
    </message>
    <message>
        <source>承诺发货时间前有揽收记录的订单占比</source>
        <translation>Share of orders picked up before the promised ship time</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="118" />
        <source>按时</source>
        <translation>On time</translation>
    </message>
    <message>
        <source>揽收率</source>
        <translation>Pickup rate</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="163" />
        <source>更新于 {0}</source>
        <translation>Updated {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="142" />
        <source>每日打单包裹（红色为超时发货）</source>
        <translation>Parcels printed per day (red: shipped late)</translation>
    </message>
    <message>
        <source>派送中</source>
        <translation>Out for delivery</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="219" />
        <source>物流</source>
        <translation>Tracking</translation>
    </message>
    <message>
        <source>签收率</source>
        <translation>Delivery rate</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="213" />
        <source>订单</source>
        <translation>Orders</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="157" />
        <source>读取统计失败：{0}</source>
        <translation>Could not load statistics: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="120" />
        <source>超时</source>
        <translation>Late</translation>
    </message>
    <message>
        <source>运输中</source>
        <translation>In transit</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="84" />
        <source>近 {0} 天</source>
        <translation>Last {0} days</translation>
    </message>
    <message>
        <location filename="../../app/ui/dashboard_page.py" line="175" />
        <source>近 {0} 天共 {1} 个包裹，其中超时 {2} 个</source>
        <translation>{1} parcels in the last {0} days, {2} late</translation>
    </message>
    <message>
        <source>退回</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>退回率</source>
        <translation>Return rate</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <location filename="../../app/ui/wizard.py" line="163" />
        <source>ShipDesk 设置向导</source>
        <translation>ShipDesk setup wizard</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="171" />
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="172" />
        <source>上一步</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="173" />
        <source>完成</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="174" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="533" />
        <source>{0} 处错误（见下表）；有错误的文件整份未导入，除非勾选「只导入正确的行」</source>
        <translation>{0} errors (see below); files with errors were not imported unless "import only valid rows" is ticked</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="342" />
        <source>⚠ {0}</source>
        <translation>⚠ {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="536" />
        <source>⚠ {0} 单在导入后已取消或退款</source>
        <translation>⚠ {0} orders were cancelled or refunded after import</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="538" />
        <source>⛔ {0} 单已打印面单但已取消/退款：请拦截包裹 {1}</source>
        <translation>⛔ {0} orders printed but cancelled/refunded: intercept parcels {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="351" />
        <source>使用映射方案「{0}」（店铺：{1}）</source>
        <translation>Using mapping "{0}" (shop: {1})</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="149" />
        <source>保存为该店铺的映射方案…</source>
        <translation>Save as this shop's mapping…</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="458" />
        <source>保存映射方案</source>
        <translation>Save mapping</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="563" />
        <source>保存错误清单</source>
        <translation>Save error list</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="177" />
        <source>保存错误清单（CSV）…</source>
        <translation>Save error list (CSV)…</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="181" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="172" />
        <source>列</source>
        <translation>Column</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="208" />
        <source>列映射</source>
        <translation>Column mapping</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="162" />
        <source>取消导入</source>
        <translation>Cancel import</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="145" />
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="158" />
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="553" />
        <source>导入失败：{0}</source>
        <translation>Import failed: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="212" />
        <source>导入结果</source>
        <translation>Import result</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="97" />
        <source>导入订单</source>
        <translation>Import orders</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="557" />
        <source>已取消导入：正在导入的文件没有导入任何订单，之前完成的文件已导入</source>
        <translation>Import cancelled: nothing was imported from the current file; files already finished were imported</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="299" />
        <source>已手动映射</source>
        <translation>Mapped by hand</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="200" />
        <source>平台</source>
        <translation>Platform</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="201" />
        <source>店铺</source>
        <translation>Shop</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="108" />
        <source>把平台导出的订单文件（CSV / Excel）拖到这里，或点「添加文件」</source>
        <translation>Drop order files exported from the platform (CSV / Excel) here, or click "Add files"</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="172" />
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="145" />
        <source>文件中的列</source>
        <translation>Column in file</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="530" />
        <source>新增 {0} 单，更新 {1} 单，未变化 {2} 单，跳过 {3} 行</source>
        <translation>{0} new, {1} updated, {2} unchanged, {3} rows skipped</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="459" />
        <source>方案名称（下次同样表头的文件会自动使用）：</source>
        <translation>Mapping name (used automatically for files with the same headers):</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="473" />
        <source>无法保存映射方案</source>
        <translation>Could not save the mapping</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="294" />
        <source>无法读取</source>
        <translation>Cannot read</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="298" />
        <source>映射方案「{0}」</source>
        <translation>Mapping "{0}"</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="154" />
        <source>有错误时只导入正确的行</source>
        <translation>If there are errors, import only valid rows</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="349" />
        <source>未识别出平台：请在右侧把列对应到字段</source>
        <translation>Platform not recognised: map the columns to fields on the right</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="505" />
        <source>正在导入 {0} 个文件…</source>
        <translation>Importing {0} files…</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="117" />
        <source>添加文件…</source>
        <translation>Add files…</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="133" />
        <source>留空：该平台的默认店铺</source>
        <translation>Blank: the platform's default shop</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="119" />
        <source>移除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="354" />
        <source>缺少必需字段：{0}</source>
        <translation>Missing required fields: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="125" />
        <source>自动识别</source>
        <translation>Auto-detect</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="172" />
        <source>行</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="344" />
        <source>表头在第 {0} 行，编码 {1}</source>
        <translation>Header on row {0}, encoding {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="261" />
        <source>订单导出文件 (*.csv *.txt *.xlsx *.xls);;所有文件 (*)</source>
        <translation>Order exports (*.csv *.txt *.xlsx *.xls);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="346" />
        <source>识别为：{0}</source>
        <translation>Recognised as: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="260" />
        <source>选择平台导出的订单文件</source>
        <translation>Choose order exports</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="172" />
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="301" />
        <source>需要映射列</source>
        <translation>Columns need mapping</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="206" />
        <source>预览（前 20 行）</source>
        <translation>Preview (first 20 rows)</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="506" />
        <source>（{0} 个文件需要先映射列，未导入）</source>
        <translation>({0} files need column mapping first; not imported)</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="399" />
        <source>（文件中没有）</source>
        <translation>(not in file)</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="128" />
        <source>（未核实）</source>
        <translation>(unverified)</translation>
    </message>
    <message>
        <location filename="../../app/ui/import_dialog.py" line="347" />
        <source>（表头未与真实导出核实）</source>
        <translation>(headers not checked against a real export)</translation>
    </message>
</context>
<context>
    <name>ImportResultDialog</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="141" />
        <source>导入结果</source>
        <translation>Import result</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="144" />
        <source>新增 {0} 单，更新 {1} 单，未变化 {2} 单</source>
        <translation>{0} new, {1} updated, {2} unchanged</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="147" />
        <source>未导入 {0} 行</source>
        <translation>{0} rows not imported</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="148" />
        <source>导入有 {0} 处错误：</source>
        <translation>The import has {0} errors: </translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="149" />
        <source>导入完成：</source>
        <translation>Import finished: </translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="157" />
        <source>⚠ {0} 单在导入后已取消或退款，已在表格中标红：已打印的包裹请拦截</source>
        <translation>⚠ {0} orders were cancelled or refunded after import and are marked red: intercept parcels already labelled</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="164" />
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="164" />
        <source>行</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="164" />
        <source>列</source>
        <translation>Columns</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="164" />
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="183" />
        <source>有错误的文件整份没有导入（避免只导入一半）。请按下表修正后重新导入，或只导入无误的行。</source>
        <translation>Files with errors were not imported at all (never half). Fix the rows below and import again, or import only the valid rows.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="191" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="197" />
        <source>只导入无误的行</source>
        <translation>Import only the valid rows</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="74" />
        <source>ShipDesk 面单工作台</source>
        <translation>ShipDesk Shipping Workstation</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="79" />
        <source>订单</source>
        <extracomment>(key, nav text, shortcut)</extracomment>
        <translation>Orders</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="80" />
        <source>待打印</source>
        <translation>To print</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="81" />
        <source>已发货</source>
        <translation>Shipped</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="82" />
        <source>异常</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="83" />
        <source>统计</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="84" />
        <location filename="../../app/ui/main_window.py" line="418" />
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="264" />
        <location filename="../../app/ui/main_window.py" line="409" />
        <source>扫码打包</source>
        <extracomment>emitted with the new window when a language switch rebuilt the window</extracomment>
        <translation>Scan and pack</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="266" />
        <source>全屏扫码打包：扫单号即打印面单（F11）</source>
        <translation>Full-screen scan-to-print: scan an order and its label prints (F11)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="405" />
        <source>转到「{0}」</source>
        <translation>Go to "{0}"</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="410" />
        <source>全屏扫码打包：扫单号即打印面单</source>
        <translation>Full-screen scan-to-print: scan an order and its label prints</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="412" />
        <source>指定快递…</source>
        <translation>Assign carrier…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="413" />
        <source>为所选订单指定快递公司和服务</source>
        <translation>Choose carrier and service for the selected orders</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="415" />
        <source>保存筛选…</source>
        <translation>Save filter…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="416" />
        <source>把当前的搜索、状态和排序存为一个筛选</source>
        <translation>Save the current search, status and sort as a filter</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="418" />
        <source>打开设置</source>
        <translation>Open Settings</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="420" />
        <source>设置向导…</source>
        <translation>Setup wizard…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="421" />
        <source>重新设置寄件人、打印机和快递账号</source>
        <translation>Set sender, printer and carrier accounts again</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="423" />
        <location filename="../../app/ui/main_window.py" line="701" />
        <source>导入订单</source>
        <translation>Import orders</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="424" />
        <source>导入平台导出的订单文件（CSV / Excel）</source>
        <translation>Import order exports from the platforms (CSV / Excel)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="426" />
        <location filename="../../app/ui/main_window.py" line="737" />
        <source>取号</source>
        <translation>Get numbers</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="427" />
        <source>为所选订单获取电子面单号</source>
        <translation>Get e-waybill numbers for the selected orders</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="429" />
        <location filename="../../app/ui/main_window.py" line="792" />
        <source>打印面单</source>
        <translation>Print labels</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="430" />
        <source>把所选订单的面单打印成 PDF</source>
        <translation>Print the labels of the selected orders to PDF</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="432" />
        <source>重打面单…</source>
        <translation>Reprint labels…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="433" />
        <source>再次打印已打印过的面单（会留下重打记录）</source>
        <translation>Print labels again that were printed before (logged as reprints)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="435" />
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="435" />
        <source>重新读取订单</source>
        <translation>Read the orders again</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="437" />
        <source>查找</source>
        <translation>Find</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="438" />
        <source>搜索订单</source>
        <translation>Search orders</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="439" />
        <source>复制订单号</source>
        <translation>Copy order ids</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="440" />
        <source>复制所选订单的订单号</source>
        <translation>Copy the order ids of the selection</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="442" />
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="443" />
        <source>关闭工作台</source>
        <translation>Close the workstation</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="452" />
        <source>主工具栏</source>
        <translation>Main toolbar</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="462" />
        <source> 快递 </source>
        <translation> Carrier </translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="464" />
        <source>没有指定快递的订单用这家取号（已指定的按指定的）</source>
        <translation>Carrier for orders with none assigned (assigned orders keep theirs)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="472" />
        <source> 面单 </source>
        <translation> Label </translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="474" />
        <source>面单纸张尺寸（毫米）</source>
        <translation>Label paper size (mm)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="487" />
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="494" />
        <source>订单(&amp;O)</source>
        <translation>&amp;Orders</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="502" />
        <source>页面(&amp;V)</source>
        <translation>&amp;Pages</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="508" />
        <source>演示数据</source>
        <translation>Demo data</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="510" />
        <source>这是演示数据库：订单都是虚构的，每次启动都会重置</source>
        <translation>Demo database: the orders are made up and reset at every start</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="517" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="518" />
        <source>停止当前任务（已完成的部分会保留）</source>
        <translation>Stop the current task (what is done is kept)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="595" />
        <source>共 {0} 单</source>
        <translation>{0} orders</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="597" />
        <source>共 {0}+ 单（正在统计…）</source>
        <translation>{0}+ orders (counting…)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="599" />
        <source>已加载 {0} 单，向下滚动加载更多</source>
        <translation>{0} loaded; scroll down to load more</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="633" />
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="636" />
        <source>操作失败：{0}</source>
        <translation>Operation failed: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="637" />
        <source>操作失败</source>
        <translation>Operation failed</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="640" />
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="646" />
        <location filename="../../app/ui/main_window.py" line="798" />
        <location filename="../../app/ui/main_window.py" line="830" />
        <source>请先在表格中选择订单</source>
        <translation>Select orders in the table first</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="649" />
        <location filename="../../app/ui/main_window.py" line="686" />
        <source>正在处理「{0}」，请稍候</source>
        <translation>Busy with "{0}", please wait</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="677" />
        <source>选择平台导出的订单文件</source>
        <translation>Choose order exports</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="678" />
        <source>订单导出文件 (*.csv *.xlsx *.xls);;所有文件 (*)</source>
        <translation>Order exports (*.csv *.xlsx *.xls);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="700" />
        <source>正在导入 {0} 个文件…</source>
        <translation>Importing {0} files…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="708" />
        <source>导入完成：新增 {0} 单，更新 {1} 单，{2} 个错误</source>
        <translation>Import finished: {0} new, {1} updated, {2} errors</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="720" />
        <source>已取消导入：被取消的文件没有导入任何订单</source>
        <translation>Import cancelled: the cancelled file imported no orders</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="736" />
        <source>正在为 {0} 单取号…</source>
        <translation>Getting numbers for {0} orders…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="744" />
        <source>已取号 {0} 单</source>
        <translation>{0} numbered</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="746" />
        <source>{0} 单原来就有运单号</source>
        <translation>{0} already had a waybill number</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="748" />
        <source>{0} 单失败</source>
        <translation>{0} failed</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="750" />
        <source>已取消，其余订单没有取号</source>
        <translation>cancelled, the other orders were not numbered</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="754" />
        <source>{0} 单没有取到运单号：</source>
        <translation>{0} orders got no waybill number:</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="765" />
        <source>保存面单 PDF</source>
        <translation>Save labels as PDF</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="767" />
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="791" />
        <source>正在打印 {0} 单…</source>
        <translation>Printing {0} orders…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="801" />
        <source>重打面单</source>
        <translation>Reprint labels</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="802" />
        <source>再次打印所选 {0} 单的面单？
重打会记录在打印日志里；同一包裹贴两张面单会造成错发。</source>
        <translation>Print the labels of the {0} selected orders again?
Reprints are logged; two labels on one parcel cause mis-shipments.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="813" />
        <source>已打印 {0} 张面单 → {1}</source>
        <translation>{0} labels printed → {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="815" />
        <source>没有打印面单</source>
        <translation>No labels printed</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="817" />
        <source>，{0} 单跳过</source>
        <translation>, {0} skipped</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="819" />
        <source>{0} 单没有打印：</source>
        <translation>{0} orders were not printed:</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="836" />
        <source>指定快递：请在工具栏选择快递公司，再点「取号」（Ctrl+G）</source>
        <translation>Assign carrier: choose the carrier in the toolbar, then "Get numbers" (Ctrl+G)</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="837" />
        <source>按规则自动分配快递和服务（音需达、次日达等）的窗口由快递模块提供，完成后在这里打开。</source>
        <translation>Rule-based carrier and service assignment (call-before-delivery, next-day, …) comes with the carriers module and will open here.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="844" />
        <source>保存筛选</source>
        <translation>Save filter</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="844" />
        <source>筛选名称：</source>
        <translation>Filter name:</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="848" />
        <source>已保存筛选「{0}」</source>
        <translation>Filter "{0}" saved</translation>
    </message>
    <message>
        <source>删除筛选…</source>
        <translation>Delete filter…</translation>
    </message>
    <message>
        <source>删除这一页保存的一个筛选</source>
        <translation>Delete one of this page's saved filters</translation>
    </message>
    <message>
        <source>这一页没有保存的筛选</source>
        <translation>This page has no saved filters</translation>
    </message>
    <message>
        <source>删除筛选</source>
        <translation>Delete filter</translation>
    </message>
    <message>
        <source>要删除的筛选：</source>
        <translation>Filter to delete:</translation>
    </message>
    <message>
        <source>已删除筛选「{0}」</source>
        <translation>Filter "{0}" deleted</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="860" />
        <source>默认快递已改为 {0}</source>
        <translation>Default carrier is now {0}</translation>
    </message>
</context>
<context>
    <name>MessagePanel</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="103" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>OrdersPage</name>
    <message>
        <location filename="../../app/ui/orders_page.py" line="71" />
        <source>搜索：订单号 / 运单号 / 收件人完整姓名或手机号 / 商品 / 留言</source>
        <extracomment>columns a page hides until the packer shows them</extracomment>
        <translation>Search: order id / waybill / buyer's full name or phone / item / message</translation>
    </message>
    <message>
        <location filename="../../app/ui/orders_page.py" line="75" />
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location filename="../../app/ui/orders_page.py" line="81" />
        <source>保存的筛选：搜索词、状态和排序</source>
        <translation>Saved filters: search text, status and sort</translation>
    </message>
    <message>
        <location filename="../../app/ui/orders_page.py" line="84" />
        <source>列</source>
        <translation>Columns</translation>
    </message>
    <message>
        <location filename="../../app/ui/orders_page.py" line="85" />
        <source>选择显示哪些列（也可以右键点表头）</source>
        <translation>Choose the columns shown (or right-click the header)</translation>
    </message>
    <message>
        <location filename="../../app/ui/orders_page.py" line="95" />
        <source>搜索</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../app/ui/orders_page.py" line="98" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/orders_page.py" line="201" />
        <source>已选 {0} 单</source>
        <translation>{0} selected</translation>
    </message>
    <message>
        <location filename="../../app/ui/orders_page.py" line="247" />
        <source>恢复默认列</source>
        <translation>Restore default columns</translation>
    </message>
    <message>
        <location filename="../../app/ui/orders_page.py" line="323" />
        <source>保存的筛选…</source>
        <translation>Saved filters…</translation>
    </message>
</context>
<context>
    <name>PackingWindow</name>
    <message>
        <location filename="../../app/ui/packing.py" line="158" />
        <source>扫码打包 — ShipDesk</source>
        <extracomment>keystrokes closer than this belong to one scanner burst a burst needs this many characters to count as a scan</extracomment>
        <translation>Scan and pack — ShipDesk</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="160" />
        <source>扫码打包</source>
        <translation>Scan and pack</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="162" />
        <source>逐件核对商品 (F2)</source>
        <translation>Check every item (F2)</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="167" />
        <source>面单输出：{0}</source>
        <translation>Labels go to: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="171" />
        <source>退出打包 (Ctrl+W)</source>
        <translation>Leave packing (Ctrl+W)</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="183" />
        <source>扫描拣货单条码、平台订单号或运单号，然后按回车</source>
        <translation>Scan a packing slip, platform order id or waybill number, then Enter</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="188" />
        <location filename="../../app/ui/packing.py" line="254" />
        <source>请扫码</source>
        <translation>Scan an order</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="191" />
        <location filename="../../app/ui/packing.py" line="254" />
        <source>扫到订单后立即打印面单</source>
        <translation>The label prints as soon as an order is scanned</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="211" />
        <source>最近扫描</source>
        <translation>Recent scans</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="219" />
        <source>重打这单 (F9)</source>
        <translation>Reprint this order (F9)</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="220" />
        <source>确认无编码商品 (F6)</source>
        <translation>Confirm uncoded items (F6)</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="221" />
        <source>放弃这单 (Esc)</source>
        <translation>Put aside (Esc)</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="326" />
        <source>本次已打印 {0} 张</source>
        <translation>{0} printed this session</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="346" />
        <source>未选快递</source>
        <translation>No carrier</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="347" />
        <source>订单 {0}  ·  {1}  ·  {2} {3}</source>
        <translation>Order {0}  ·  {1}  ·  {2} {3}</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="349" />
        <source>（未取号）</source>
        <translation>(no number)</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="355" />
        <source>还差 {0} </source>
        <translation>{0} missing </translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="384" />
        <location filename="../../app/ui/packing.py" line="443" />
        <source>扫到：{0}。这单还差：{1}</source>
        <translation>Scanned: {0}. Still missing: {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="388" />
        <source>扫到：{0}</source>
        <translation>Scanned: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="395" />
        <source>正在核对这一单</source>
        <translation>Checking this order</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="396" />
        <location filename="../../app/ui/packing.py" line="418" />
        <location filename="../../app/ui/packing.py" line="455" />
        <location filename="../../app/ui/packing.py" line="470" />
        <source>还差：{0}</source>
        <translation>Still missing: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="407" />
        <source>这单还没有运单号；设置里关闭了自动取号，请先在订单页取号</source>
        <translation>This order has no waybill number and automatic numbering is off in Settings: number it on the Orders page first</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="413" />
        <source>上一单 {0} 没有核对完，已放弃（没有打印）。</source>
        <translation>The previous order {0} was not fully checked and was put aside (not printed).</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="415" />
        <source>开始核对</source>
        <translation>Checking items</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="416" />
        <location filename="../../app/ui/packing.py" line="469" />
        <source>请逐件扫描商品</source>
        <translation>Scan each item</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="424" />
        <location filename="../../app/ui/packing.py" line="501" />
        <source>订单 {0}</source>
        <translation>Order {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="426" />
        <source>，{0} 已打印 {1} 次</source>
        <translation>, printed {1}× since {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="444" />
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="446" />
        <source>核对通过</source>
        <translation>Item OK</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="453" />
        <source>✔ {0}</source>
        <translation>✔ {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="462" />
        <source>手动确认无编码商品</source>
        <translation>Items without a code confirmed by hand</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="483" />
        <source>已放弃</source>
        <translation>Put aside</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="484" />
        <source>已放弃这单，没有打印</source>
        <translation>Order put aside, nothing printed</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="485" />
        <source>订单 {0} 还差：{1}</source>
        <translation>Order {0} still missing: {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="499" />
        <source>正在打印…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="500" />
        <source>正在取号并打印…</source>
        <translation>Getting a number and printing…</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="507" />
        <source>打印面单</source>
        <translation>Print labels</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="527" />
        <source>已重打</source>
        <translation>Reprinted</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="528" />
        <source>已取号并打印</source>
        <translation>Numbered and printed</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="528" />
        <source>已打印</source>
        <translation>Printed</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="530" />
        <source>{0}：{1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="531" />
        <source>订单 {0}  ·  {1}</source>
        <translation>Order {0}  ·  {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/packing.py" line="375" />
        <source>无编码</source>
        <translation>No code</translation>
    </message>
</context>
<context>
    <name>PrintLog</name>
    <message>
        <source>中断</source>
        <translation>Interrupted</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="259" />
        <source>任务 {0}：{1}，已打 {2}/{3} 张 → {4}</source>
        <translation>Job {0}: {1}, {2}/{3} printed → {4}</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="384" />
        <source>保存发货单</source>
        <translation>Save packing slips</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="365" />
        <source>保存拣货单</source>
        <translation>Save picking list</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="143" />
        <source>停止</source>
        <translation>Stop</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="168" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="326" />
        <source>再次打印所选 {0} 张面单？
重打会记录在打印日志里；同一包裹贴两张面单会造成错发。</source>
        <translation>Print the {0} selected labels again?
Reprints are recorded in the print log; two labels on one parcel cause mis-shipments.</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="140" />
        <source>再次打印所选的面单（会记录为重打）</source>
        <translation>Print the selected labels again (recorded as a reprint)</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="135" />
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="397" />
        <source>发货单</source>
        <translation>Packing slips</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="142" />
        <source>发货单…</source>
        <translation>Packing slips…</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="392" />
        <source>发货单已保存：{0}（{1} 张）</source>
        <translation>Packing slips saved: {0} ({1} pages)</translation>
    </message>
    <message>
        <source>发送时间</source>
        <translation>Sent at</translation>
    </message>
    <message>
        <source>失败</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="427" />
        <source>已停止；没打出的面单可以稍后「继续打印」</source>
        <translation>Stopped; unprinted labels can be finished later with "Resume printing"</translation>
    </message>
    <message>
        <source>已发送</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>已打/总数</source>
        <translation>Printed/Total</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="403" />
        <source>已打印 {0} 张面单 → {1}</source>
        <translation>{0} labels printed → {1}</translation>
    </message>
    <message>
        <source>待发送</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>待打印</source>
        <translation>Pending</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="339" />
        <source>所选面单的订单已不存在</source>
        <translation>The orders of the selected labels no longer exist</translation>
    </message>
    <message>
        <source>打印中</source>
        <translation>Printing</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="158" />
        <source>打印机</source>
        <translation>Printer</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="107" />
        <source>打印记录</source>
        <translation>Print log</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="439" />
        <source>打印记录…</source>
        <translation>Print log…</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="137" />
        <source>把中断或失败的任务里还没打出的面单接着打完，已经打出的不会重复</source>
        <translation>Finish the unprinted labels of an interrupted or failed job; printed ones are not repeated</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="376" />
        <source>拣货单</source>
        <translation>Picking list</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="141" />
        <source>拣货单…</source>
        <translation>Picking list…</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="373" />
        <source>拣货单已保存：{0}（{1} 种商品，共 {2} 件）</source>
        <translation>Picking list saved: {0} ({1} products, {2} items)</translation>
    </message>
    <message>
        <source>操作员</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="441" />
        <source>查看打印任务，继续打印中断的任务，重打面单</source>
        <translation>View print jobs, resume interrupted jobs, reprint labels</translation>
    </message>
    <message>
        <source>格式</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="318" />
        <source>正在继续打印任务 {0}（还差 {1} 张）→ {2}…</source>
        <translation>Resuming job {0} ({1} labels left) → {2}…</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="352" />
        <source>正在重打 {0} 张面单 → {1}…</source>
        <translation>Reprinting {0} labels → {1}…</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="136" />
        <source>继续打印</source>
        <translation>Resume printing</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="134" />
        <source>继续打印和重打用这台打印机</source>
        <translation>Printer for resume and reprint</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>订单号</source>
        <translation>Order id</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="297" />
        <source>请先在「设置 → 打印机」里添加打印机</source>
        <translation>Add a printer first in Settings → Printers</translation>
    </message>
    <message>
        <source>跳过</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <source>运单号</source>
        <translation>Waybill</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="257" />
        <source>还没有打印记录</source>
        <translation>No print jobs yet</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="300" />
        <source>这个任务是 {0} 格式，所选打印机「{1}」用 {2}：请选一台 {0} 打印机</source>
        <translation>This job is {0}, but printer "{1}" uses {2}: choose a {0} printer</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="204" />
        <source>重打</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="139" />
        <source>重打所选</source>
        <translation>Reprint selected</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="325" />
        <source>重打面单</source>
        <translation>Reprint labels</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="408" />
        <source>（已停止，可以稍后继续打印）</source>
        <translation>(stopped; you can resume later)</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="394" />
        <source>，{0} 单跳过</source>
        <translation>, {0} skipped</translation>
    </message>
    <message>
        <location filename="../../app/ui/print_log.py" line="405" />
        <source>；{0} 张跳过：</source>
        <translation>; {0} skipped:</translation>
    </message>
</context>
<context>
    <name>PrinterPage</name>
    <message>
        <location filename="../../app/ui/wizard.py" line="79" />
        <source>打印机</source>
        <translation>Printer</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="80" />
        <source>选择面单打印到哪里，并打印一张测试页检查位置和清晰度。</source>
        <translation>Choose where labels print and print a test page to check position and darkness.</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="82" />
        <source>PDF 文件夹（默认）</source>
        <translation>PDF folder (default)</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="83" />
        <source>网络热敏打印机（RAW 9100，即将支持）</source>
        <translation>Network thermal printer (RAW 9100, coming)</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="90" />
        <source>打印测试页</source>
        <translation>Print a test page</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="95" />
        <source>打印方式</source>
        <translation>Print to</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="96" />
        <source>PDF 文件夹</source>
        <translation>PDF folder</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="97" />
        <source>面单尺寸</source>
        <translation>Label size</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="106" />
        <source>测试页打印失败：{0}</source>
        <translation>Test page failed: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="109" />
        <source>已输出测试页：{0}</source>
        <translation>Test page written: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="103" />
        <source>TSPL（TSC、佳博、汉印等）</source>
        <translation>TSPL (TSC, Gprinter, HPRT…)</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="102" />
        <source>ZPL（斑马等）</source>
        <translation>ZPL (Zebra…)</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="125" />
        <source>分辨率</source>
        <translation>Resolution</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="123" />
        <source>打印机地址</source>
        <translation>Printer address</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="153" />
        <source>打印机设置不完整：{0}</source>
        <translation>Printer settings incomplete: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="124" />
        <source>打印机语言</source>
        <translation>Printer language</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="171" />
        <source>正在打印测试页…</source>
        <translation>Printing test page…</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="177" />
        <source>测试页已发送到 {0}：请看打印出来的位置和清晰度</source>
        <translation>Test page sent to {0}: check its position and sharpness</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="118" />
        <source>端口</source>
        <translation>Port</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="94" />
        <source>网络热敏打印机（RAW 9100）</source>
        <translation>Network thermal printer (RAW 9100)</translation>
    </message>
</context>
<context>
    <name>Printers</name>
    <message>
        <location filename="../../app/ui/printers_page.py" line="168" />
        <source>CUPS 服务器</source>
        <translation>CUPS server</translation>
    </message>
    <message>
        <source>CUPS 队列</source>
        <translation>CUPS queue</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="257" />
        <source>PDF 保存到</source>
        <translation>Save PDFs to</translation>
    </message>
    <message>
        <source>PDF 文件夹</source>
        <translation>PDF folder</translation>
    </message>
    <message>
        <source>TSPL（TSC/芯烨/佳博）</source>
        <translation>TSPL (TSC/Xprinter/Gprinter)</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="277" />
        <source>ZPL 为 0-30，TSPL 为 0-15</source>
        <translation>ZPL 0–30, TSPL 0–15</translation>
    </message>
    <message>
        <source>ZPL（斑马）</source>
        <translation>ZPL (Zebra)</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="493" />
        <source>「{0}」现在是{1}的默认打印机</source>
        <translation>"{0}" is now the default printer for {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="208" />
        <source>不改变（用打印机的设置）</source>
        <translation>Unchanged (printer's setting)</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="136" />
        <source>例如：打包台 1 号</source>
        <translation>e.g. Packing desk 1</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="178" />
        <source>保存位置</source>
        <translation>Save to</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="205" />
        <source>偏移 (mm)</source>
        <translation>Offset (mm)</translation>
    </message>
    <message>
        <source>偏移 X/Y (mm)</source>
        <translation>Offset X/Y (mm)</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="255" />
        <source>写入文件</source>
        <translation>Write to file</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="193" />
        <source>分辨率</source>
        <translation>Resolution</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="333" />
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="468" />
        <source>删除打印机</source>
        <translation>Delete printer</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="468" />
        <source>删除打印机「{0}」？</source>
        <translation>Delete printer "{0}"?</translation>
    </message>
    <message>
        <source>发货单</source>
        <translation>packing slips</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="137" />
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="159" />
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>地址 / 队列</source>
        <translation>Address / queue</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="446" />
        <source>已保存打印机 {0}</source>
        <translation>Printer {0} saved</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="480" />
        <source>已删除打印机 {0}</source>
        <translation>Printer {0} deleted</translation>
    </message>
    <message>
        <source>平台打印组件</source>
        <translation>Platform print component</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="117" />
        <source>当前操作员没有修改设置的权限。</source>
        <translation>The current operator may not change settings.</translation>
    </message>
    <message>
        <source>打包台</source>
        <translation>packing</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="553" />
        <source>打印(&amp;P)</source>
        <translation>&amp;Print</translation>
    </message>
    <message>
        <source>打印指令写入文件</source>
        <translation>Printer commands to a file</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="581" />
        <source>打印机</source>
        <translation>Printers</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="115" />
        <source>打印机中途断开：请检查纸张、碳带和打印机状态。</source>
        <translation>The printer disconnected mid-job: check paper, ribbon and printer status.</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="111" />
        <source>打印机拒绝连接：端口不对，或打印机未开机/未联网。</source>
        <translation>The printer refused the connection: wrong port, or the printer is off or offline.</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="582" />
        <source>打印机设置…</source>
        <translation>Printer settings…</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="188" />
        <source>打印机语言</source>
        <translation>Printer language</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="351" />
        <source>打印测试页</source>
        <translation>Print test page</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="165" />
        <source>打印队列</source>
        <translation>Print queue</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="164" />
        <source>打印队列名称</source>
        <translation>Print queue name</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="525" />
        <source>正在向 {0} 发送测试页…</source>
        <translation>Sending test page to {0}…</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="423" />
        <source>正在打印测试页…</source>
        <translation>Printing test page…</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="355" />
        <source>测试页尺寸</source>
        <translation>Test page size</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="532" />
        <source>测试页已保存：{0}</source>
        <translation>Test page saved: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="534" />
        <source>测试页已发送到 {0}（{1} 字节，{2:.1f} 秒）。请检查位置、浓度，并用扫码枪扫一下条码。</source>
        <translation>Test page sent to {0} ({1} bytes, {2:.1f} s). Check position and darkness, and scan the barcode.</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="540" />
        <source>测试页没有打印：</source>
        <translation>Test page not printed: </translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="170" />
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="210" />
        <source>浓度</source>
        <translation>Darkness</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="331" />
        <source>添加…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="129" />
        <source>添加打印机</source>
        <translation>Add printer</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="584" />
        <source>添加打印机、设默认打印机、打印测试页</source>
        <translation>Add printers, set defaults, print a test page</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="352" />
        <source>用这台打印机真实的打印方式打一张样张（不会记为已打印）</source>
        <translation>Print a sample the way this printer really prints (not recorded as printed)</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="167" />
        <source>留空：本机 CUPS</source>
        <translation>Blank: local CUPS</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="154" />
        <source>端口</source>
        <translation>Port</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="146" />
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>系统打印队列</source>
        <translation>System print queue</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="332" />
        <source>编辑…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="129" />
        <source>编辑打印机</source>
        <translation>Edit printer</translation>
    </message>
    <message>
        <source>网络打印机（RAW 9100）</source>
        <translation>Network printer (RAW 9100)</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="343" />
        <source>设为{0}默认</source>
        <translation>Default for {0}</translation>
    </message>
    <message>
        <source>语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="144" />
        <source>这一版还不能保存这种打印机</source>
        <translation>This version cannot save this kind of printer yet</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="113" />
        <source>连接不上打印机：请检查打印机电源、网线/无线和 IP 地址。</source>
        <translation>Cannot reach the printer: check its power, cable/Wi-Fi and IP address.</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="226" />
        <source>连接超时</source>
        <translation>Timeout</translation>
    </message>
    <message>
        <source>面单</source>
        <translation>labels</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="218" />
        <source>面单尺寸</source>
        <translation>Label size</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="316" />
        <source>面单打印机：热敏打印机用网络（RAW 9100）、CUPS 队列或 Windows 打印机，语言选 ZPL 或 TSPL；没有热敏打印机时用 PDF 文件夹。新打印机请先打印测试页，检查位置、浓度和条码能否扫出。</source>
        <translation>Label printers: connect a thermal printer by network (RAW 9100), a CUPS queue or a Windows printer, with ZPL or TSPL; without one, use a PDF folder. Print a test page on a new printer to check position, darkness and that the barcode scans.</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="99" />
        <source>默认</source>
        <translation>Default</translation>
    </message>
    <message>
        <source>默认用于</source>
        <translation>Default for</translation>
    </message>
    <message>
        <location filename="../../app/ui/printers_page.py" line="191" />
        <source>{0} dpi（{1} 点/毫米）</source>
        <translation>{0} dpi ({1} dots/mm)</translation>
    </message>
</context>
<context>
    <name>RateCardsPage</name>
    <message>
        <source>中通</source>
        <translation>ZTO</translation>
    </message>
    <message>
        <source>京东</source>
        <translation>JD</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="664" />
        <source>价目表</source>
        <translation>Rate cards</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="657" />
        <source>保存价目</source>
        <translation>Save rates</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="691" />
        <source>保存包装</source>
        <translation>Save package</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="674" />
        <source>保存重量</source>
        <translation>Save weights</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="656" />
        <source>删一行</source>
        <translation>Remove row</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="655" />
        <source>加一行</source>
        <translation>Add row</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="683" />
        <source>包装</source>
        <translation>Package</translation>
    </message>
    <message>
        <source>区域/省份</source>
        <translation>Zone/province</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="669" />
        <source>单件重量(克)</source>
        <translation>Unit weight (g)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="687" />
        <source>名称，如 中号纸箱</source>
        <translation>Name, e.g. Medium box</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="679" />
        <source>商品重量</source>
        <translation>Product weights</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="669" />
        <source>商家编码/SKU</source>
        <translation>Merchant code/SKU</translation>
    </message>
    <message>
        <source>圆通</source>
        <translation>YTO</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="683" />
        <source>尺寸(毫米)</source>
        <translation>Size (mm)</translation>
    </message>
    <message>
        <source>德邦</source>
        <translation>Deppon</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="646" />
        <source>快递</source>
        <translation>Carrier</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="658" />
        <source>恢复默认价目</source>
        <translation>Restore default rates</translation>
    </message>
    <message>
        <source>极兔</source>
        <translation>J&amp;T</translation>
    </message>
    <message>
        <source>申通</source>
        <translation>STO</translation>
    </message>
    <message>
        <source>续重(克)</source>
        <translation>Extra weight (g)</translation>
    </message>
    <message>
        <source>续重价(元)</source>
        <translation>Extra price (¥)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="683" />
        <source>自重(克)</source>
        <translation>Tare (g)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="805" />
        <source>重量请填整数克数</source>
        <translation>Enter weights in whole grams</translation>
    </message>
    <message>
        <source>韵达</source>
        <translation>Yunda</translation>
    </message>
    <message>
        <source>顺丰</source>
        <translation>SF</translation>
    </message>
    <message>
        <source>首重(克)</source>
        <translation>First weight (g)</translation>
    </message>
    <message>
        <source>首重价(元)</source>
        <translation>First price (¥)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="750" />
        <source>默认价目（仅供估算，请改成你的协议价）</source>
        <translation>Default rates (estimates only; enter your contract rates)</translation>
    </message>
</context>
<context>
    <name>RuleDialog</name>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="460" />
        <source>不指定</source>
        <translation>Any</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="456" />
        <source>不指定（按策略选）</source>
        <translation>Any (by strategy)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="429" />
        <source>不限</source>
        <translation>Any</translation>
    </message>
    <message>
        <source>中通</source>
        <translation>ZTO</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="432" />
        <source>买家留言包含，如 驿站, 快递柜</source>
        <translation>Buyer note contains, e.g. pickup point, locker</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="452" />
        <source>买家要求的服务</source>
        <translation>Service asked by buyer</translation>
    </message>
    <message>
        <source>京东</source>
        <translation>JD</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="453" />
        <source>动作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="474" />
        <source>包装</source>
        <translation>Package</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="405" />
        <source>启用</source>
        <translation>Enabled</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="440" />
        <source>商品编码</source>
        <translation>Product code</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="421" />
        <source>商家编码，可用 * 通配，如 EGG-*</source>
        <translation>Merchant code, * wildcard allowed, e.g. EGG-*</translation>
    </message>
    <message>
        <source>圆通</source>
        <translation>YTO</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="418" />
        <source>如 新疆, 西藏</source>
        <translation>e.g. Xinjiang, Tibet</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="437" />
        <source>平台</source>
        <translation>Platform</translation>
    </message>
    <message>
        <source>微信视频号</source>
        <translation>WeChat Channels</translation>
    </message>
    <message>
        <source>德邦</source>
        <translation>Deppon</translation>
    </message>
    <message>
        <source>快手小店</source>
        <translation>Kuaishou Store</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="471" />
        <source>快递</source>
        <translation>Carrier</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="403" />
        <source>快递规则</source>
        <translation>Carrier rule</translation>
    </message>
    <message>
        <source>手工订单</source>
        <translation>Manual orders</translation>
    </message>
    <message>
        <source>抖店</source>
        <translation>Douyin Shop</translation>
    </message>
    <message>
        <source>拼多多</source>
        <translation>Pinduoduo</translation>
    </message>
    <message>
        <source>按需派送</source>
        <translation>On-demand delivery</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="439" />
        <source>收件市</source>
        <translation>Recipient city</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="438" />
        <source>收件省</source>
        <translation>Recipient province</translation>
    </message>
    <message>
        <source>最便宜</source>
        <translation>Cheapest</translation>
    </message>
    <message>
        <source>最快</source>
        <translation>Fastest</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="472" />
        <source>服务</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="407" />
        <source>条件（都满足时）</source>
        <translation>Conditions (all must match)</translation>
    </message>
    <message>
        <source>极兔</source>
        <translation>J&amp;T</translation>
    </message>
    <message>
        <source>极速达</source>
        <translation>Express</translation>
    </message>
    <message>
        <source>标准快递</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>次日达</source>
        <translation>Next day</translation>
    </message>
    <message>
        <source>淘宝/天猫</source>
        <translation>Taobao/Tmall</translation>
    </message>
    <message>
        <source>申通</source>
        <translation>STO</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="451" />
        <source>留言关键词</source>
        <translation>Note keywords</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="473" />
        <source>策略</source>
        <translation>Strategy</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="482" />
        <source>规则名称</source>
        <translation>Rule name</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="450" />
        <source>订单金额</source>
        <translation>Order amount</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="445" />
        <source>重量</source>
        <translation>Weight</translation>
    </message>
    <message>
        <source>音需达·送货上门</source>
        <translation>Yinxuda · door delivery</translation>
    </message>
    <message>
        <source>韵达</source>
        <translation>Yunda</translation>
    </message>
    <message>
        <source>顺丰</source>
        <translation>SF</translation>
    </message>
    <message>
        <source>顺丰特快</source>
        <translation>SF Express Priority</translation>
    </message>
    <message>
        <source>顺丰电商标快</source>
        <translation>SF E-commerce Standard</translation>
    </message>
</context>
<context>
    <name>RulesPage</name>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="555" />
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="561" />
        <source>上移</source>
        <translation>Move up</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="562" />
        <source>下移</source>
        <translation>Move down</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="560" />
        <source>修改</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="563" />
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="555" />
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="555" />
        <source>启用</source>
        <translation>Enabled</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="556" />
        <source>条件 → 动作</source>
        <translation>Conditions → action</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="559" />
        <source>添加规则</source>
        <translation>Add rule</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="553" />
        <source>规则从上到下依次匹配；只设包装的规则不会停止匹配。都不匹配时按「设置 → 快递」里的策略选择。</source>
        <translation>Rules are matched top to bottom; a rule that only sets the package does not stop matching. If none matches, the strategy in Settings → Carriers decides.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../app/ui/pages.py" line="277" />
        <source>界面</source>
        <translation>Interface</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="283" />
        <source>语言 Language</source>
        <translation>Language 语言</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="284" />
        <source>切换后立即生效：窗口会重新打开，正在进行的任务会先完成。</source>
        <translation>Takes effect at once: the window reopens after the running task finishes.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="287" />
        <source>跟随系统</source>
        <translation>Follow the system</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="287" />
        <source>浅色</source>
        <translation>Light</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="287" />
        <source>深色</source>
        <translation>Dark</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="292" />
        <source>外观</source>
        <translation>Appearance</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="295" />
        <source>快递与面单</source>
        <translation>Carriers and labels</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="302" />
        <source>默认快递</source>
        <translation>Default carrier</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="308" />
        <source>面单尺寸</source>
        <translation>Label size</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="311" />
        <source>打印机</source>
        <translation>Printer</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="314" />
        <source>PDF 文件夹（默认，每单一个 PDF）</source>
        <translation>PDF folder (default, one PDF per order)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="315" />
        <source>网络热敏打印机（RAW 9100，即将支持）</source>
        <translation>Network thermal printer (RAW 9100, coming)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="318" />
        <source>打印方式</source>
        <translation>Print to</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="321" />
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="325" />
        <source>PDF 文件夹</source>
        <translation>PDF folder</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="333" />
        <source>端口</source>
        <translation>Port</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="335" />
        <source>打印机地址</source>
        <translation>Printer address</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="336" />
        <source>热敏打印机直连（ZPL / TSPL）由打印模块提供，完成后在这里启用；现在面单先输出到 PDF 文件夹。</source>
        <translation>Direct thermal printing (ZPL / TSPL) comes with the printing module and is enabled here then; until then labels go to the PDF folder.</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="340" />
        <source>打印测试页</source>
        <translation>Print a test page</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="348" />
        <source>扫码打包</source>
        <translation>Scan and pack</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="350" />
        <source>默认逐件扫描商品核对（扫完才打印面单）</source>
        <translation>Check every item by default (label prints after the last item)</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="353" />
        <source>没有运单号的订单先用默认快递自动取号再打印</source>
        <translation>Orders without a waybill get one from the default carrier, then print</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="358" />
        <source>店铺与寄件人</source>
        <translation>Shop and sender</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="363" />
        <source>还没有设置寄件人</source>
        <translation>No sender set yet</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="364" />
        <source>设置向导…</source>
        <translation>Setup wizard…</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="370" />
        <source>常规</source>
        <translation>General</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="374" />
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="448" />
        <source>面单 PDF 保存到</source>
        <translation>Save label PDFs to</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="460" />
        <source>测试页打印失败：{0}</source>
        <translation>Test page failed: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="462" />
        <source>已输出测试页：{0}</source>
        <translation>Test page written: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/pages.py" line="342" />
        <source>热敏打印机（网络 9100、CUPS、Windows、系统打印队列）在「打印机」标签页里添加，设为默认后打印面单和扫码打包都用它；没有默认打印机时，面单存为下面文件夹里的 PDF。</source>
        <translation>Add thermal printers (network 9100, CUPS, Windows, system queue) on the Printers tab; the default one prints labels and packing scans. Without a default printer, labels are saved as PDFs in the folder below.</translation>
    </message>
</context>
<context>
    <name>ShipDesk</name>
    <message>
        <source>PIN 不对，请重新输入</source>
        <translation>Wrong PIN, try again</translation>
    </message>
    <message>
        <source>PIN 错误次数太多，请过几分钟再试</source>
        <translation>Too many wrong PINs: try again in a few minutes</translation>
    </message>
    <message>
        <source>PIN 必须是 4 到 12 位数字</source>
        <translation>A PIN is 4 to 12 digits</translation>
    </message>
    <message>
        <source>没有这个操作员，或已停用</source>
        <translation>No such operator, or the operator was removed</translation>
    </message>
    <message>
        <source>第一个操作员必须是店主</source>
        <translation>The first operator must be the owner</translation>
    </message>
    <message>
        <source>店铺至少要有一位店主：请先设另一位店主</source>
        <translation>The shop needs an owner: make another owner first</translation>
    </message>
    <message>
        <source>已经有同名的操作员</source>
        <translation>There is already an operator with that name</translation>
    </message>
    <message>
        <source>请先以店主身份登录</source>
        <translation>Log in as the shop owner first</translation>
    </message>
    <message>
        <source>当前操作员没有这个权限，请让店主来操作</source>
        <translation>The operator at the desk may not do this: ask the shop owner</translation>
    </message>
    <message>
        <location filename="../../app/ui/orders_model.py" line="50" />
        <source>订单号</source>
        <extracomment>counting stops here on every filter change; the exact number follows from a worker</extracomment>
        <translation>Order id</translation>
    </message>
    <message>
        <location filename="../../app/ui/orders_model.py" line="51" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../app/ui/orders_model.py" line="52" />
        <source>收件人</source>
        <translation>Recipient</translation>
    </message>
    <message>
        <location filename="../../app/ui/orders_model.py" line="53" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../app/ui/orders_model.py" line="54" />
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../app/ui/orders_model.py" line="55" />
        <source>商品</source>
        <translation>Items</translation>
    </message>
    <message>
        <location filename="../../app/ui/orders_model.py" line="56" />
        <source>件数</source>
        <translation>Qty</translation>
    </message>
    <message>
        <location filename="../../app/ui/orders_model.py" line="57" />
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../app/ui/orders_model.py" line="58" />
        <source>快递</source>
        <translation>Carrier</translation>
    </message>
    <message>
        <location filename="../../app/ui/orders_model.py" line="59" />
        <source>运单号</source>
        <translation>Waybill</translation>
    </message>
    <message>
        <location filename="../../app/ui/orders_model.py" line="60" />
        <source>面单状态</source>
        <translation>Label</translation>
    </message>
    <message>
        <location filename="../../app/ui/orders_model.py" line="61" />
        <source>付款时间</source>
        <translation>Paid</translation>
    </message>
    <message>
        <location filename="../../app/ui/orders_model.py" line="62" />
        <source>承诺发货</source>
        <translation>Ship by</translation>
    </message>
    <message>
        <location filename="../../app/ui/orders_model.py" line="315" />
        <source>此列不能排序</source>
        <extracomment>the number of orders matching the filter (not only the loaded ones)</extracomment>
        <translation>This column cannot be sorted</translation>
    </message>
    <message>
        <location filename="../../app/ui/orders_model.py" line="352" />
        <source>平台状态：</source>
        <translation>Platform status: </translation>
    </message>
    <message>
        <location filename="../../app/ui/orders_model.py" line="356" />
        <source>买家留言：</source>
        <translation>Buyer message: </translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="22" />
        <source>待付款</source>
        <extracomment>normalised order status → source text (translated at display time)</extracomment>
        <translation>Unpaid</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="23" />
        <source>待发货</source>
        <translation>To ship</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="24" />
        <source>部分发货</source>
        <translation>Partly shipped</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="25" />
        <source>已发货</source>
        <translation>Shipped</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="26" />
        <source>已完成</source>
        <translation>Completed</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="27" />
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="28" />
        <source>已退款</source>
        <translation>Refunded</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="29" />
        <source>未知</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="38" />
        <location filename="../../app/ui/texts.py" line="39" />
        <source>未取号</source>
        <extracomment>statuses offered in the filter box, in the order a packer thinks of them parcel state → source text; no parcel yet reads as "not numbered"</extracomment>
        <translation>No number</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="40" />
        <source>已取号</source>
        <translation>Numbered</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="41" />
        <source>已打印</source>
        <translation>Printed</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="46" />
        <source>中通快递</source>
        <extracomment>carriers offered for e-waybills (code, full name, short name)</extracomment>
        <translation>ZTO Express</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="46" />
        <source>中通</source>
        <translation>ZTO</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="47" />
        <source>圆通速递</source>
        <translation>YTO Express</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="47" />
        <source>圆通</source>
        <translation>YTO</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="48" />
        <source>申通快递</source>
        <translation>STO Express</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="48" />
        <source>申通</source>
        <translation>STO</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="49" />
        <source>韵达快递</source>
        <translation>Yunda Express</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="49" />
        <source>韵达</source>
        <translation>Yunda</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="50" />
        <source>极兔速递</source>
        <translation>J&amp;T Express</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="50" />
        <source>极兔</source>
        <translation>J&amp;T</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="51" />
        <source>顺丰速运</source>
        <translation>SF Express</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="51" />
        <source>顺丰</source>
        <translation>SF</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="52" />
        <source>京东快递</source>
        <translation>JD Logistics</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="52" />
        <source>京东</source>
        <translation>JD</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="54" />
        <source>德邦快递</source>
        <translation>Deppon Express</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="54" />
        <source>德邦</source>
        <translation>Deppon</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="60" />
        <source>76×130 一联单</source>
        <extracomment>label sizes (service value, source text)</extracomment>
        <translation>76×130 one-ply</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="62" />
        <source>100×180 二联单</source>
        <translation>100×180 two-ply</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="67" />
        <source>面单已打印后买家取消：请拦截包裹，不要发出</source>
        <extracomment>why the importer flagged an order → what the packer must do</extracomment>
        <translation>Cancelled after the label was printed: intercept the parcel, do not ship</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="68" />
        <source>面单已打印后已退款：请拦截包裹，不要发出</source>
        <translation>Refunded after the label was printed: intercept the parcel, do not ship</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="69" />
        <source>导入后订单已取消：不要发货</source>
        <translation>Cancelled after import: do not ship</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="70" />
        <source>导入后订单已退款：不要发货</source>
        <translation>Refunded after import: do not ship</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="75" />
        <source>还没有运单号：请先取号</source>
        <extracomment>service messages (English, shared with the CLI) → Chinese, matched by prefix</extracomment>
        <translation>No waybill number yet: get one first</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="76" />
        <source>已打印过：如需再次打印，请用「重打面单」</source>
        <translation>Already printed: use "Reprint labels" to print again</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="77" />
        <location filename="../../app/ui/texts.py" line="114" />
        <source>订单已取消：不要发货</source>
        <translation>Order cancelled: do not ship</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="78" />
        <location filename="../../app/ui/texts.py" line="116" />
        <source>订单已退款：不要发货</source>
        <translation>Order refunded: do not ship</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="79" />
        <source>找不到这个订单（可能已被删除）</source>
        <translation>Order not found (it may have been deleted)</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="110" />
        <source>找不到这个单号</source>
        <extracomment>packing mode: why a scan did not print → (headline, what to do); codes from app.services.packing</extracomment>
        <translation>No order with this code</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="111" />
        <source>请确认扫的是拣货单条码、平台订单号或运单号；新订单请先导入</source>
        <translation>Scan a packing slip, platform order id or waybill number; import new orders first</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="112" />
        <source>多个店铺有这个订单号</source>
        <translation>Several shops have this order id</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="113" />
        <source>请改扫拣货单条码或运单号</source>
        <translation>Scan the packing slip or the waybill instead</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="115" />
        <location filename="../../app/ui/texts.py" line="117" />
        <source>把商品放回货架；已贴面单的包裹请拆下面单</source>
        <translation>Put the goods back on the shelf; remove any label already stuck on</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="118" />
        <source>订单被拦截：不要发货</source>
        <translation>Order intercepted: do not ship</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="119" />
        <source>订单未付款：不要发货</source>
        <translation>Order not paid: do not ship</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="119" />
        <source>等买家付款后再打包</source>
        <translation>Pack it once the buyer has paid</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="120" />
        <source>平台显示已发货</source>
        <translation>The platform says it has shipped</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="121" />
        <source>这单可能已在别处发出；确认后可按 F9 打印</source>
        <translation>It may have shipped elsewhere; after checking, press F9 to print</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="122" />
        <source>面单已打印过</source>
        <translation>Label already printed</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="123" />
        <source>同一包裹贴两张面单会错发。确需重打请按 F9</source>
        <translation>Two labels on one parcel ship it twice. To reprint anyway press F9</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="124" />
        <source>取号失败，没有打印</source>
        <translation>No waybill number: nothing printed</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="125" />
        <source>打印失败</source>
        <translation>Printing failed</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="126" />
        <source>不是这单的商品</source>
        <translation>Not an item of this order</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="126" />
        <source>请取出这件商品，核对后重扫</source>
        <translation>Take this item out, check, scan again</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="127" />
        <source>这件商品扫多了</source>
        <translation>One too many of this item</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="127" />
        <source>请取出多放的一件</source>
        <translation>Take out the extra item</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" line="128" />
        <source>还有商品没扫</source>
        <translation>Items not scanned yet</translation>
    </message>
    <message>
        <location filename="../../app/ui/operators_dialog.py" />
        <source>店主</source>
        <translation>Owner</translation>
    </message>
    <message>
        <location filename="../../app/ui/operators_dialog.py" />
        <source>打包员</source>
        <translation>Packer</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>PIN（没有设置就留空）</source>
        <translation>PIN (leave empty if none)</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>登录</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>操作员</source>
        <translation>Operator</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>还没有操作员</source>
        <translation>No operators yet</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>操作员与权限</source>
        <translation>Operators and roles</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>添加…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>切换角色</source>
        <translation>Change role</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>设置 PIN…</source>
        <translation>Set PIN…</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>停用</source>
        <translation>Disable</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>已设置</source>
        <translation>Set</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>在用</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>已停用</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>还没有操作员：第一个添加的人是店主，拥有全部权限。</source>
        <translation>No operators yet: the first one added is the owner, with every permission.</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>只有店主可以管理操作员。</source>
        <translation>Only the owner may manage operators.</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>店主：全部权限。打包员：扫描、打印、取号、查物流；不能查看明文、导出个人信息或改设置。</source>
        <translation>Owner: everything. Packer: scan, print, get numbers, tracking; no plain data, no export of personal data, no settings.</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>添加操作员</source>
        <translation>Add operator</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>PIN（4–12 位数字，可留空）</source>
        <translation>PIN (4–12 digits, may be empty)</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>设置 PIN</source>
        <translation>Set PIN</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>新 PIN（留空则取消 PIN）</source>
        <translation>New PIN (empty removes the PIN)</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>工作台已锁定</source>
        <translation>Workstation locked</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>为保护买家信息，长时间无操作后自动锁定。请登录继续。</source>
        <translation>Locked after a while without input, to protect buyers' data. Log in to continue.</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>查看收件人明文</source>
        <translation>Receiver in plain</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>详细地址</source>
        <translation>Street address</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>留言/备注</source>
        <translation>Message / remark</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>此次查看已记入操作日志（{0}）。到时自动隐藏。</source>
        <translation>This view is in the audit log ({0}). It hides itself when the time is up.</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>该订单的明文已按保留期限或买家要求删除，只剩脱敏信息。</source>
        <translation>This order's plain data was erased (retention or the buyer's request); only the masked copy is left.</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>{0} 秒后隐藏</source>
        <translation>Hides in {0} s</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>已自动备份</source>
        <translation>backed up automatically</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>已按保留期限删除 {0} 个订单的明文</source>
        <translation>plain data of {0} orders erased (retention)</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>密钥轮换已完成</source>
        <translation>key rotation finished</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>备份与恢复</source>
        <translation>Backup and restore</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>立即备份</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>校验</source>
        <translation>Verify</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>恢复…</source>
        <translation>Restore…</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>导出密钥备份…</source>
        <translation>Export key backup…</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>备份文件夹：{0}</source>
        <translation>Backup folder: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>自动</source>
        <translation>auto</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>手动</source>
        <translation>manual</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>备份</source>
        <translation>Backup</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>备份完成：{0}</source>
        <translation>Backup done: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>校验通过：文件完整，结构版本 {0}，密钥可以打开（抽查 {1} 项）</source>
        <translation>Verified: the file is whole, schema {0}, the key opens it ({1} fields sampled)</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>校验失败：</source>
        <translation>Verify failed: </translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>用这个备份替换当前数据库？当前数据库会另存一份，不会丢失。</source>
        <translation>Replace the current database with this backup? The current one is kept as a copy, nothing is lost.</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>导出密钥备份</source>
        <translation>Export key backup</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>密钥备份 (*.key)</source>
        <translation>Key backups (*.key)</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>密钥备份密码</source>
        <translation>Key backup password</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>密码（至少 8 位）</source>
        <translation>Password (at least 8 characters)</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>再输入一次</source>
        <translation>Once more</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>两次输入的密码不一致</source>
        <translation>The two passwords differ</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>密钥备份已写入 {0}：请存放在电脑以外（U 盘），密码另行保管。</source>
        <translation>Key backup written to {0}: keep it off this computer (a USB stick) and the password elsewhere.</translation>
    </message>
    <message>
        <location filename="../../app/ui/stations_ui.py" line="175" />
        <source>{0} 单没有放入打印队列：</source>
        <translation>{0} orders not queued:</translation>
    </message>
    <message>
        <location filename="../../app/ui/stations_ui.py" line="151" />
        <source>中断 {0} 张</source>
        <translation>{0} interrupted</translation>
    </message>
    <message>
        <location filename="../../app/ui/stations_ui.py" line="123" />
        <source>共享(&amp;S)</source>
        <translation>&amp;Shared</translation>
    </message>
    <message>
        <location filename="../../app/ui/stations_ui.py" line="110" />
        <source>共享打印队列</source>
        <translation>Shared print queue</translation>
    </message>
    <message>
        <location filename="../../app/ui/stations_ui.py" line="182" />
        <source>共享打印队列出错：</source>
        <translation>Shared print queue error:</translation>
    </message>
    <message>
        <location filename="../../app/ui/stations_ui.py" line="152" />
        <source>共享队列：</source>
        <translation>Shared queue: </translation>
    </message>
    <message>
        <location filename="../../app/ui/stations_ui.py" line="94" />
        <source>加入共享打印队列</source>
        <translation>Add to shared print queue</translation>
    </message>
    <message>
        <location filename="../../app/ui/stations_ui.py" line="171" />
        <source>已放入共享打印队列 {0} 张</source>
        <translation>{0} labels added to the shared print queue</translation>
    </message>
    <message>
        <location filename="../../app/ui/stations_ui.py" line="147" />
        <source>待打印 {0} 张</source>
        <translation>{0} waiting</translation>
    </message>
    <message>
        <location filename="../../app/ui/stations_ui.py" line="149" />
        <source>打印中 {0} 张</source>
        <translation>{0} printing</translation>
    </message>
    <message>
        <location filename="../../app/ui/stations_ui.py" line="236" />
        <source>打印站：已打印 {0} 个任务，共 {1} 张</source>
        <translation>Printing station: printed {0} jobs, {1} labels</translation>
    </message>
    <message>
        <location filename="../../app/ui/stations_ui.py" line="96" />
        <source>把所选订单的面单放进共享打印队列，由打印站打印（多台电脑共用数据库时）</source>
        <translation>Put the selected orders' labels in the shared print queue for the printing station (when several computers share one database)</translation>
    </message>
    <message>
        <location filename="../../app/ui/stations_ui.py" line="199" />
        <source>本机上次有 {0} 个打印任务没打完，已标记为中断：请在打印记录里核对后继续打印</source>
        <translation>{0} print jobs on this computer did not finish last time and are marked interrupted: check them in the print log and resume</translation>
    </message>
    <message>
        <location filename="../../app/ui/stations_ui.py" line="100" />
        <source>本机从共享打印队列取任务，用默认面单打印机打印</source>
        <translation>This computer takes jobs from the shared print queue and prints them on the default label printer</translation>
    </message>
    <message>
        <location filename="../../app/ui/stations_ui.py" line="98" />
        <source>本机作为打印站</source>
        <translation>Use this computer as printing station</translation>
    </message>
    <message>
        <location filename="../../app/ui/stations_ui.py" line="154" />
        <source>本机是打印站</source>
        <translation>This computer is the printing station</translation>
    </message>
    <message>
        <location filename="../../app/ui/stations_ui.py" line="121" />
        <source>订单</source>
        <translation>&amp;Orders</translation>
    </message>
    <message>
        <location filename="../../app/ui/stations_ui.py" line="161" />
        <source>请先在表格中选择订单</source>
        <translation>Select orders in the table first</translation>
    </message>
    <message>
        <location filename="../../app/ui/stations_ui.py" line="194" />
        <source>这台电脑还没有默认面单打印机：请先在 设置 → 打印机 里添加并设为默认</source>
        <translation>This computer has no default label printer yet: add one in Settings → Printers and make it the default</translation>
    </message>
    <message>
        <location filename="../../app/ui/stations_ui.py" line="173" />
        <source>，{0} 单没有放入</source>
        <translation>, {0} orders not queued</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>合并订单</source>
        <translation>Merge orders</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>同一店铺、同一收件人和地址、还没取号的订单可以合成一个包裹发出，省运费也省面单。勾选要合并的组；打印面单前都可以撤销。</source>
        <translation>Orders of one shop to the same receiver and address, not yet numbered, can go out as one parcel: one label, one shipping fee. Tick the groups to merge; each merge can be undone until its label is printed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>合并所选</source>
        <translation>Merge ticked</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>正在查找可以合并的订单…</source>
        <translation>Looking for orders to merge…</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>查找可合并订单</source>
        <translation>Finding orders to merge</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>没有可以合并的订单</source>
        <translation>No orders to merge</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>已合并 {0} 组</source>
        <translation>Merged {0} group(s)</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>合并：请选择同一收件人的两个或更多订单</source>
        <translation>Merge: select two or more orders to the same receiver</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>撤销合并：请只选择一个订单</source>
        <translation>Undo merge: select one order only</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>这个订单没有和别的订单合并</source>
        <translation>This order is not merged with another</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>拆分包裹：请只选择一个订单</source>
        <translation>Split: select one order only</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>拆分包裹</source>
        <translation>Split into parcels</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>这个订单分成几个包裹发出？（每个包裹一张面单，标注第几包/共几包）</source>
        <translation>How many parcels does this order go out in? (one label each, marked parcel n of m)</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>查找失败：{0}</source>
        <translation>Search failed: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>已合并 {0} 组订单：每组只需一张面单</source>
        <translation>Merged {0} group(s): one label per group</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>已把 {0} 个订单合成一个包裹</source>
        <translation>Merged {0} orders into one parcel</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>已撤销合并：{0} 个订单恢复为各自的包裹</source>
        <translation>Merge undone: {0} orders have their own parcels again</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>这个订单现在分 {0} 个包裹发出</source>
        <translation>This order now goes out in {0} parcel(s)</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>找到 {0} 组可以合并的订单</source>
        <translation>Found {0} group(s) of orders to merge</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>；{0} 组没有合并：</source>
        <translation>; {0} group(s) not merged: </translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>把所选 {0} 个订单合成一个包裹、只打一张面单？打印前可以撤销。</source>
        <translation>Merge the {0} selected orders into one parcel with one label? You can undo it until it is printed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>不能合并：{0}</source>
        <translation>Cannot merge: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>不能撤销合并：{0}</source>
        <translation>Cannot undo the merge: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>不能拆分：{0}</source>
        <translation>Cannot split: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>合并订单…</source>
        <translation>Merge orders…</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>合并所选订单</source>
        <translation>Merge selected orders</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>撤销合并</source>
        <translation>Undo merge</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>拆分包裹…</source>
        <translation>Split into parcels…</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>同一收件人和地址、还没取号的订单合成一个包裹</source>
        <translation>Orders to the same receiver and address, not yet numbered, as one parcel</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>把所选订单合成一个包裹，只打一张面单</source>
        <translation>Ship the selected orders as one parcel with one label</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>打印面单前，把合并的订单恢复为各自的包裹</source>
        <translation>Before printing, give merged orders their own parcels again</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>一个订单分成几个包裹发出（每包一张面单）</source>
        <translation>Ship one order as several parcels (one label each)</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>店铺</source>
        <translation>Shop</translation>
    </message>
    <message>
        <location filename="../../app/ui/merge_ui.py" />
        <source>合并</source>
        <translation>Merge</translation>
    </message>
    <message>
        <location filename="../../app/ui/texts.py" />
        <source>已合并</source>
        <translation>Merged</translation>
    </message>
    <message>
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <source>不锁定</source>
        <translation>Never</translation>
    </message>
    <message>
        <source>无人操作多久后锁定工作台</source>
        <translation>Lock the workstation after no input for</translation>
    </message>
    <message>
        <source> 天</source>
        <translation> days</translation>
    </message>
    <message>
        <source>每日自动备份保留</source>
        <translation>Keep the daily automatic backups for</translation>
    </message>
    <message>
        <source>（手动备份不会自动删除）</source>
        <translation>(manual backups are never deleted)</translation>
    </message>
    <message>
        <source>自动备份保留 {0} 天</source>
        <translation>Automatic backups are kept for {0} days</translation>
    </message>
</context>
<context>
    <name>ShippingPickerDialog</name>
    <message>
        <location filename="../../app/ui/shipping_picker.py" line="52" />
        <source>不指定包装</source>
        <translation>No package</translation>
    </message>
    <message>
        <source>中通</source>
        <translation>ZTO</translation>
    </message>
    <message>
        <source>京东</source>
        <translation>JD</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_picker.py" line="80" />
        <source>使用所选</source>
        <translation>Use selected</translation>
    </message>
    <message>
        <source>偏远</source>
        <translation>Remote</translation>
    </message>
    <message>
        <source>全国</source>
        <translation>National</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_picker.py" line="61" />
        <source>包装</source>
        <translation>Package</translation>
    </message>
    <message>
        <source>同区域</source>
        <translation>Same region</translation>
    </message>
    <message>
        <source>同城</source>
        <translation>Same city</translation>
    </message>
    <message>
        <source>圆通</source>
        <translation>YTO</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_picker.py" line="130" />
        <source>已有运单号 {0}：要改快递请先作废面单</source>
        <translation>Already has waybill {0}: void it first to change carrier</translation>
    </message>
    <message>
        <source>德邦</source>
        <translation>Deppon</translation>
    </message>
    <message>
        <source>快递</source>
        <translation>Carrier</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_picker.py" line="58" />
        <source>按商品重量</source>
        <translation>By product weight</translation>
    </message>
    <message>
        <source>按需派送</source>
        <translation>On-demand delivery</translation>
    </message>
    <message>
        <source>服务</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_picker.py" line="105" />
        <source>未指定</source>
        <translation>Not set</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_picker.py" line="104" />
        <source>未知</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <source>极兔</source>
        <translation>J&amp;T</translation>
    </message>
    <message>
        <source>极速达</source>
        <translation>Express</translation>
    </message>
    <message>
        <source>标准快递</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>次日达</source>
        <translation>Next day</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_picker.py" line="59" />
        <source>用这个重量</source>
        <translation>Use this weight</translation>
    </message>
    <message>
        <source>申通</source>
        <translation>STO</translation>
    </message>
    <message>
        <source>省内</source>
        <translation>In province</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_picker.py" line="65" />
        <source>称重</source>
        <translation>Weighed</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_picker.py" line="106" />
        <source>订单 {0} · 目的地 {1} · 重量 {2}（{3}） · 当前 {4}</source>
        <translation>Order {0} · to {1} · weight {2} ({3}) · now {4}</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_picker.py" line="48" />
        <source>选择快递和服务</source>
        <translation>Choose carrier and service</translation>
    </message>
    <message>
        <source>邻省</source>
        <translation>Nearby province</translation>
    </message>
    <message>
        <source>音需达·送货上门</source>
        <translation>Yinxuda · door delivery</translation>
    </message>
    <message>
        <source>韵达</source>
        <translation>Yunda</translation>
    </message>
    <message>
        <source>顺丰</source>
        <translation>SF</translation>
    </message>
    <message>
        <source>顺丰特快</source>
        <translation>SF Express Priority</translation>
    </message>
    <message>
        <source>顺丰电商标快</source>
        <translation>SF E-commerce Standard</translation>
    </message>
    <message>
        <source>预估运费</source>
        <translation>Est. cost</translation>
    </message>
    <message>
        <source>预计送达</source>
        <translation>Arrives</translation>
    </message>
</context>
<context>
    <name>ShippingSettingsDialog</name>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="849" />
        <source>快递、面单账号与规则</source>
        <translation>Carriers, waybill accounts and rules</translation>
    </message>
</context>
<context>
    <name>ShopPage</name>
    <message>
        <location filename="../../app/ui/wizard.py" line="36" />
        <source>店铺与寄件人</source>
        <translation>Shop and sender</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="37" />
        <source>面单上的寄件人信息。打印时姓名、电话和门牌号会按国家标准打码。</source>
        <translation>The sender printed on labels. Name, phone and house number are masked as the national standard requires.</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="40" />
        <source>例如：小鹿的零食铺</source>
        <translation>e.g. Little Deer Snacks</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="48" />
        <source>街道、门牌号</source>
        <translation>Street and number</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="50" />
        <source>店铺名称</source>
        <translation>Shop name</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="51" />
        <source>寄件人</source>
        <translation>Sender</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="52" />
        <source>寄件电话</source>
        <translation>Sender phone</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="54" />
        <source>省</source>
        <translation>Province</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="54" />
        <source>市</source>
        <translation>City</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="55" />
        <source>区/县</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="58" />
        <source>省 / 市 / 区</source>
        <translation>Province / city / district</translation>
    </message>
    <message>
        <location filename="../../app/ui/wizard.py" line="59" />
        <source>详细地址</source>
        <translation>Street address</translation>
    </message>
</context>
<context>
    <name>Extensions</name>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>导出订单</source>
        <translation>Export orders</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>当前页面的订单（按当前搜索、筛选和排序，共 {0} 单）</source>
        <translation>The orders of this page (its search, filter and sort; {0} orders)</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>所选的 {0} 单</source>
        <translation>The {0} selected orders</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>包含明文个人信息（仅店主）</source>
        <translation>Include plain personal data (owner only)</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>默认导出脱敏信息（姓名、电话、详细地址与面单上一致）。明文导出会记入操作日志，文件请妥善保管、用完删除。</source>
        <translation>Exports are masked by default (name, phone and address as on the labels). A plain export is written to the audit log; keep the file safe and delete it when done.</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>只有店主可以导出明文个人信息；现在导出的是脱敏信息。</source>
        <translation>Only the owner may export plain personal data; this export is masked.</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>范围</source>
        <translation>Orders</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>保存到</source>
        <translation>Save to</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>Excel 文件 (*.xlsx);;CSV 文件 (*.csv)</source>
        <translation>Excel files (*.xlsx);;CSV files (*.csv)</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>请选择保存位置</source>
        <translation>Choose where to save the file</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>脱敏</source>
        <translation>masked</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>明文</source>
        <translation>plain</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>已导出 {0} 单（{1}）→ {2}</source>
        <translation>Exported {0} orders ({1}) → {2}</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>导出失败：{0}</source>
        <translation>Export failed: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>已取消导出，没有留下文件</source>
        <translation>Export cancelled; no file was left behind</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>隐私与安全</source>
        <translation>Privacy &amp; security</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>作废面单…</source>
        <translation>Void waybills…</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>作废所选订单的运单号（需填写原因）</source>
        <translation>Void the waybill numbers of the selected orders (with a reason)</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>查看收件人…</source>
        <translation>Show receiver…</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>店主查看一个订单的收件人明文（限时显示，记入日志）</source>
        <translation>The owner sees one order's plain receiver (for a short time, logged)</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>导出订单…</source>
        <translation>Export orders…</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>把当前页面或所选订单导出为 Excel / CSV（默认脱敏）</source>
        <translation>Export this page or the selected orders to Excel / CSV (masked by default)</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>备份与恢复…</source>
        <translation>Backup and restore…</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>备份数据库、校验备份、从备份恢复</source>
        <translation>Back up the database, verify a backup, restore from a backup</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>切换操作员…</source>
        <translation>Switch operator…</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>换一个操作员登录</source>
        <translation>Log in as another operator</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>管理操作员…</source>
        <translation>Manage operators…</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>添加操作员、设置角色和 PIN（店主）</source>
        <translation>Add operators, set roles and PINs (owner)</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>立即锁定</source>
        <translation>Lock now</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>锁定工作台，登录后继续</source>
        <translation>Lock the workstation; log in to continue</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>操作员(&amp;U)</source>
        <translation>O&amp;perators</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>操作员：{0}（{1}）</source>
        <translation>Operator: {0} ({1})</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>操作员：未登录</source>
        <translation>Operator: not logged in</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>单人模式（未设置操作员）</source>
        <translation>Single user (no operators set up)</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>打包员「{0}」</source>
        <translation>Packer "{0}"</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>未登录的操作员</source>
        <translation>Nobody logged in: you</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>{0}不能修改店铺设置（快递账号、规则、隐私与密钥等）：请店主登录（菜单「操作员」→「切换操作员」）。本机的语言、外观和打印机仍可调整。</source>
        <translation>{0} cannot change the shop settings (carrier accounts, rules, privacy, keys …): the owner must log in (menu Operators → Switch operator). Language, theme and printer of this computer can still be changed.</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>只有店主可以查看收件人明文</source>
        <translation>Only the owner may see a receiver's plain data</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>还没有操作员：先在「管理操作员」里添加店主</source>
        <translation>No operators yet: add the owner in "Manage operators" first</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>请先在表格中选择要作废面单的订单</source>
        <translation>Select the orders whose waybills to void first</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>只有店主可以作废面单</source>
        <translation>Only the owner may void waybills</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>已作废 {0} 张面单</source>
        <translation>Voided {0} waybills</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>查看收件人：请只选择一个订单</source>
        <translation>Show receiver: select exactly one order</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>正在处理「{0}」，完成后再恢复</source>
        <translation>Busy with "{0}": restore when it is done</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>正在关闭数据库以恢复备份…</source>
        <translation>Closing the database to restore the backup…</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>已切换为 {0}</source>
        <translation>Now logged in: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>还没有操作员，无法锁定：先在「操作员」→「管理操作员」里添加店主</source>
        <translation>No operators, nothing to lock: add the owner in Operators → Manage operators first</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>已解锁：{0}</source>
        <translation>Unlocked: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>每日维护</source>
        <translation>Daily maintenance</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>开机维护：{0}</source>
        <translation>Start of day: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>开机维护没有完成：{0}</source>
        <translation>Start of day did not finish: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>合并订单…</source>
        <translation>Merge orders…</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>合并所选订单</source>
        <translation>Merge selected orders</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>撤销合并</source>
        <translation>Undo merge</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>拆分包裹…</source>
        <translation>Split into parcels…</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>同一收件人和地址、还没取号的订单合成一个包裹</source>
        <translation>Orders to the same receiver and address, not yet numbered, as one parcel</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>把所选订单合成一个包裹，只打一张面单</source>
        <translation>Ship the selected orders as one parcel with one label</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>打印面单前，把合并的订单恢复为各自的包裹</source>
        <translation>Before printing, give merged orders their own parcels again</translation>
    </message>
    <message>
        <location filename="../../app/ui/extensions.py" />
        <source>一个订单分成几个包裹发出（每包一张面单）</source>
        <translation>Ship one order as several parcels (one label each)</translation>
    </message>
</context>
<context>
    <name>PrivacyPage</name>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>操作日志（审计）</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>查询</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>导出审计日志…</source>
        <translation>Export audit log…</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>从</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>到</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>个人信息保留期限</source>
        <translation>Keeping personal data</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source> 天</source>
        <translation> days</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>一直保留</source>
        <translation>Keep forever</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>立即清理</source>
        <translation>Purge now</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>已签收或已完成超过这些天的订单，收件人姓名、电话和详细地址的明文会被删除，只留脱敏信息（列表、面单和对账不受影响）。每天开机时自动清理。</source>
        <translation>For orders delivered or done more than this many days ago, the plain name, phone and address are erased; the masked copies stay (lists, labels and accounts are not affected). Runs by itself at every start of day.</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>删除买家数据</source>
        <translation>Erase a buyer's data</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>买家手机号</source>
        <translation>Buyer's phone number</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>买家姓名</source>
        <translation>Buyer's name</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>查找并删除…</source>
        <translation>Find and erase…</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>买家要求删除个人信息时：按手机号和/或姓名（完全一致）找到他的全部订单，确认数量后删除明文。不能撤销。</source>
        <translation>When a buyer asks to have their data erased: find all their orders by exact phone and/or name, confirm the count, erase the plain data. This cannot be undone.</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>手机号</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>数据库密钥</source>
        <translation>Database key</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>导出密钥备份…</source>
        <translation>Export key backup…</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>轮换密钥</source>
        <translation>Rotate key</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>密钥备份用单独的密码保护，请存放在电脑以外（U 盘）。丢失密钥就无法打开订单数据。</source>
        <translation>A key backup is sealed with its own password; keep it off this computer (a USB stick). Without the key the orders cannot be opened.</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>当前操作员「{0}」不是店主：不能查看操作日志、清理或删除个人信息、管理密钥。请店主登录后再操作（菜单「操作员」→「切换操作员」）。</source>
        <translation>Operator "{0}" is not the owner: the audit log, purging or erasing personal data and the key need the owner (menu Operators → Switch operator).</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>还没有人登录：请店主登录后再操作（菜单「操作员」→「切换操作员」）。</source>
        <translation>Nobody is logged in: the owner must log in first (menu Operators → Switch operator).</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>只有店主可以查看操作日志。</source>
        <translation>Only the owner may see the audit log.</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>（单人模式）</source>
        <translation>(single user)</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>只显示最近 {0} 条；导出包含所选日期内的全部记录。</source>
        <translation>Showing the latest {0}; the export holds every entry of the dates chosen.</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>所选日期内共 {0} 条记录。</source>
        <translation>{0} entries on the dates chosen.</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>导出审计日志</source>
        <translation>Export audit log</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>CSV 文件 (*.csv);;Excel 文件 (*.xlsx)</source>
        <translation>CSV files (*.csv);;Excel files (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>已导出 {0} 条操作日志 → {1}</source>
        <translation>Exported {0} audit entries → {1}</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>保留期限已设为 {0} 天</source>
        <translation>Personal data is now kept {0} days</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>保留期限已设为一直保留</source>
        <translation>Personal data is now kept forever</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>保留期限是「一直保留」：没有需要清理的订单</source>
        <translation>Personal data is kept forever: nothing to purge</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>清理过期个人信息</source>
        <translation>Purging expired personal data</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>已删除 {0} 个订单的收件人明文</source>
        <translation>Erased the plain receiver of {0} orders</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>没有超过保留期限的订单</source>
        <translation>No order is past the retention period</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>找到这位买家的 {0} 个订单。
删除后这些订单只留脱敏信息，姓名、电话和详细地址的明文无法恢复。确定删除？</source>
        <translation>Found {0} orders of this buyer.
Afterwards only the masked copies remain; the plain name, phone and address cannot be brought back. Erase?</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>没有找到这位买家的订单（手机号、姓名需完全一致）</source>
        <translation>No orders of this buyer (phone and name must match exactly)</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>没有删除</source>
        <translation>Nothing was erased</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>已删除这位买家 {0} 个订单的个人信息明文</source>
        <translation>Erased the plain personal data of the buyer's {0} orders</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>只有店主可以查看和管理密钥。</source>
        <translation>Only the owner may see and manage the key.</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>读取密钥状态失败：{0}</source>
        <translation>Cannot read the key status: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>系统钥匙串</source>
        <translation>the system keyring</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>未知</source>
        <translation>unknown</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>当前密钥：第 {0} 号（共 {1} 个）</source>
        <translation>Current key: #{0} ({1} in the ring)</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>保存在：{0}</source>
        <translation>Kept in: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>轮换进行中：还有 {0} 项待重新加密</source>
        <translation>Rotation under way: {0} items still to re-encrypt</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>导出密钥备份</source>
        <translation>Export key backup</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>密钥备份 (*.key)</source>
        <translation>Key backups (*.key)</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>密钥备份密码</source>
        <translation>Key backup password</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>为这份备份设一个密码（至少 8 位）：</source>
        <translation>A password for this backup (at least 8 characters):</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>再输入一次：</source>
        <translation>Once more:</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>两次输入的密码不一致，没有导出</source>
        <translation>The two passwords differ; nothing was exported</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>密钥备份已写入 {0}：请存放在电脑以外，密码另行保管。</source>
        <translation>Key backup written to {0}: keep it off this computer and the password elsewhere.</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>生成新密钥并用它重新加密全部个人信息？
可以继续工作；多台电脑共用数据库时请先关闭其他电脑。完成后请重新导出密钥备份。</source>
        <translation>Make a new key and re-encrypt all personal data with it?
You can keep working; when several computers share the database, close the others first. Export a new key backup afterwards.</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>密钥轮换暂停：还有 {0} 项，下次开机会继续</source>
        <translation>Key rotation paused with {0} items left; it resumes at the next start</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>密钥轮换完成，现在使用第 {0} 号密钥。请重新导出密钥备份。</source>
        <translation>Key rotation done; key #{0} is in use now. Export a new key backup.</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>{0}……</source>
        <translation>{0}…</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>操作失败：{0}</source>
        <translation>Failed: {0}</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>登录</source>
        <translation>Log-in</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>登录失败（PIN 错误）</source>
        <translation>Log-in failed (wrong PIN)</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>退出登录</source>
        <translation>Log-out</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>工作台锁定</source>
        <translation>Station locked</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>查看收件人明文</source>
        <translation>Receiver shown in plain</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>解密个人信息</source>
        <translation>Personal data decrypted</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>导出订单</source>
        <translation>Orders exported</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>开始轮换密钥</source>
        <translation>Key rotation started</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>密钥轮换完成</source>
        <translation>Key rotation done</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>放弃未完成的轮换</source>
        <translation>Unfinished rotation discarded</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>删除旧密钥</source>
        <translation>Old keys removed</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>恢复备份</source>
        <translation>Backup restored</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>备份</source>
        <translation>Backup</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>按保留期限清理</source>
        <translation>Retention purge</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>修改设置</source>
        <translation>Setting changed</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>添加操作员</source>
        <translation>Operator added</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>修改操作员</source>
        <translation>Operator changed</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>作废面单</source>
        <translation>Waybill voided</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>重打面单</source>
        <translation>Label reprinted</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>重新排队打印</source>
        <translation>Print requeued</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>继续打印</source>
        <translation>Print resumed</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>导入订单</source>
        <translation>Orders imported</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>拉取平台订单</source>
        <translation>Orders pulled</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>取号</source>
        <translation>Waybill allocated</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>合并包裹</source>
        <translation>Parcels merged</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>拆开合并</source>
        <translation>Merge undone</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>拆分订单</source>
        <translation>Order split</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>加入打印队列</source>
        <translation>Print queued</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>打印</source>
        <translation>Printed</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>打印中断</source>
        <translation>Print interrupted</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>打印拣货单</source>
        <translation>Picking list printed</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>称重</source>
        <translation>Weighed</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>刷新物流</source>
        <translation>Tracking refreshed</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>订阅物流</source>
        <translation>Tracking subscribed</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>检查异常</source>
        <translation>Alerts checked</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>升级数据库</source>
        <translation>Database upgraded</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>保存面单账号</source>
        <translation>Waybill account saved</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>启用面单账号</source>
        <translation>Waybill account enabled</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>停用面单账号</source>
        <translation>Waybill account disabled</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>删除面单账号</source>
        <translation>Waybill account deleted</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>启用测试面单账号</source>
        <translation>Sandbox accounts enabled</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>保存规则</source>
        <translation>Rule saved</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>删除规则</source>
        <translation>Rule deleted</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>调整规则顺序</source>
        <translation>Rules reordered</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>保存价目表</source>
        <translation>Rate card saved</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>删除价目表</source>
        <translation>Rate card deleted</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>保存商品重量</source>
        <translation>SKU weights saved</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>保存包装</source>
        <translation>Package saved</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>删除包装</source>
        <translation>Package deleted</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>修改寄件人</source>
        <translation>Sender changed</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>设置平台应用</source>
        <translation>Platform app set</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>保存导入模板</source>
        <translation>Import mapping saved</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>删除导入模板</source>
        <translation>Import mapping deleted</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>订单</source>
        <translation>Order</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>操作员</source>
        <translation>Operator</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>工作台</source>
        <translation>Station</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>数据库</source>
        <translation>Database</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>设置</source>
        <translation>Setting</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>审计日志</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>包裹</source>
        <translation>Parcel</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>面单</source>
        <translation>Waybill</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>面单账号</source>
        <translation>Waybill account</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>平台接口</source>
        <translation>Platform API</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>收件人</source>
        <translation>Receiver</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>店铺</source>
        <translation>Shop</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>打印任务</source>
        <translation>Print job</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>打印队列</source>
        <translation>Print queue</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>物流接口</source>
        <translation>Tracking API</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>异常</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>规则</source>
        <translation>Rule</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>价目表</source>
        <translation>Rate card</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>商品重量</source>
        <translation>SKU weight</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>包装</source>
        <translation>Package</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>导入模板</source>
        <translation>Import mapping</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>对象</source>
        <translation>Object</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>详情</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>是</source>
        <translation>yes</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>否</source>
        <translation>no</translation>
    </message>
    <message>
        <location filename="../../app/ui/privacy_page.py" />
        <source>，</source>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>ShippingSettingsWidget</name>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>快递与规则</source>
        <translation>Carriers &amp; rules</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="838" />
        <source>价目与重量</source>
        <translation>Rates and weights</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="835" />
        <source>快递</source>
        <translation>Carriers</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="837" />
        <source>规则</source>
        <translation>Rules</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_settings.py" line="836" />
        <source>面单账号</source>
        <translation>Waybill accounts</translation>
    </message>
</context>
<context>
    <name>AssignmentModel</name>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>订单号</source>
        <translation>Order id</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>快递</source>
        <translation>Carrier</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>服务</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>包装</source>
        <translation>Package</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>预估运费</source>
        <translation>Est. cost</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>预计送达</source>
        <translation>Arrives</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>依据</source>
        <translation>Chosen by</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>说明</source>
        <translation>Why</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>规则「{0}」</source>
        <translation>Rule "{0}"</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>最便宜</source>
        <translation>Cheapest</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>最快</source>
        <translation>Fastest</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>手动</source>
        <translation>By hand</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>地址不可达：</source>
        <translation>Address not served: </translation>
    </message>
</context>
<context>
    <name>BulkAssignDialog</name>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>批量指定快递（{0} 单）</source>
        <translation>Assign carriers ({0} orders)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>按设置（规则之后）</source>
        <translation>As set (after the rules)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>最便宜</source>
        <translation>Cheapest</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>最快</source>
        <translation>Fastest</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>重新预览</source>
        <translation>Preview again</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>检查地址是否可达</source>
        <translation>Check the addresses are served</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>没有规则匹配时：</source>
        <translation>When no rule matches:</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>应用</source>
        <translation>Apply</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>{0}……</source>
        <translation>{0}…</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>正在预览</source>
        <translation>Previewing</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>将指定 {0} 单，预估运费合计 {1}；{2} 单跳过（灰色行，悬停看原因）</source>
        <translation>{0} orders will be assigned, est. cost {1}; {2} skipped (grey rows, hover for why)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>；{0} 单地址不可达（红色行）</source>
        <translation>; {0} addresses not served (red rows)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>正在检查地址</source>
        <translation>Checking addresses</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>正在应用</source>
        <translation>Applying</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>已指定 {0} 单，未变 {1} 单，跳过 {2} 单</source>
        <translation>Assigned {0}, unchanged {1}, skipped {2}</translation>
    </message>
</context>
<context>
    <name>TrayNotifier</name>
    <message>
        <location filename="../../app/ui/tray.py" line="64" />
        <source>{0} 条紧急提醒</source>
        <translation>{0} urgent alerts</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray.py" line="68" />
        <source>……打开包裹中心查看全部</source>
        <translation>…open the package centre to see all</translation>
    </message>
    <message>
        <source>即将超时未发货</source>
        <translation>Ship deadline near</translation>
    </message>
    <message>
        <source>已超时未发货</source>
        <translation>Ship deadline missed</translation>
    </message>
    <message>
        <source>打单后取消/退款，需拦截</source>
        <translation>Cancelled/refunded after printing: intercept</translation>
    </message>
    <message>
        <source>打单后未揽收</source>
        <translation>Not picked up after printing</translation>
    </message>
    <message>
        <source>拒签</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>揽收后无更新</source>
        <translation>No update since pickup</translation>
    </message>
    <message>
        <source>极速达截单未揽收</source>
        <translation>Express not picked up by cutoff</translation>
    </message>
    <message>
        <source>疑难件/派送异常</source>
        <translation>Problem parcel / delivery exception</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray.py" line="61" />
        <source>紧急提醒：{0}</source>
        <translation>Urgent alert: {0}</translation>
    </message>
    <message>
        <source>退回</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>驿站/快递柜超时未取</source>
        <translation>Uncollected at pickup point/locker</translation>
    </message>
</context>
<context>
    <name>VoidWaybillDialog</name>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>作废面单（{0} 单）</source>
        <translation>Void waybills ({0} orders)</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>作废后运单号不能再用；重新取号会得到新单号。已揽收的包裹不能作废。</source>
        <translation>A voided number cannot be used again; getting a number again gives a new one. Parcels already picked up cannot be voided.</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>作废</source>
        <translation>Void</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>作废原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>请填写作废原因</source>
        <translation>Give a reason</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>已作废 {0} 单；{1} 单未作废：</source>
        <translation>Voided {0}; {1} not voided:</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>买家改地址</source>
        <translation>Buyer changed the address</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>买家要求换快递</source>
        <translation>Buyer wants another carrier</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>打错面单</source>
        <translation>Wrong label</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>重复取号</source>
        <translation>Numbered twice</translation>
    </message>
    <message>
        <location filename="../../app/ui/shipping_bulk.py" />
        <source>订单取消</source>
        <translation>Order cancelled</translation>
    </message>
</context>
<context>
    <name>Catalogue</name>
    <message>
        <source>顺丰速运</source>
        <translation>SF Express</translation>
    </message>
    <message>
        <source>顺丰</source>
        <translation>SF</translation>
    </message>
    <message>
        <source>京东快递</source>
        <translation>JD Logistics</translation>
    </message>
    <message>
        <source>京东</source>
        <translation>JD</translation>
    </message>
    <message>
        <source>中通快递</source>
        <translation>ZTO Express</translation>
    </message>
    <message>
        <source>中通</source>
        <translation>ZTO</translation>
    </message>
    <message>
        <source>圆通速递</source>
        <translation>YTO Express</translation>
    </message>
    <message>
        <source>圆通</source>
        <translation>YTO</translation>
    </message>
    <message>
        <source>申通快递</source>
        <translation>STO Express</translation>
    </message>
    <message>
        <source>申通</source>
        <translation>STO</translation>
    </message>
    <message>
        <source>韵达快递</source>
        <translation>Yunda Express</translation>
    </message>
    <message>
        <source>韵达</source>
        <translation>Yunda</translation>
    </message>
    <message>
        <source>极兔速递</source>
        <translation>J&amp;T Express</translation>
    </message>
    <message>
        <source>极兔</source>
        <translation>J&amp;T</translation>
    </message>
    <message>
        <source>德邦快递</source>
        <translation>Deppon Express</translation>
    </message>
    <message>
        <source>德邦</source>
        <translation>Deppon</translation>
    </message>
    <message>
        <source>标准快递</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>音需达·送货上门</source>
        <translation>Door delivery (call first)</translation>
    </message>
    <message>
        <source>先电联再送货上门；未送货上门按约赔付</source>
        <translation>Calls first, then delivers to the door; compensation if not delivered to the door</translation>
    </message>
    <message>
        <source>极速达</source>
        <translation>Same day</translation>
    </message>
    <message>
        <source>截单前下单同城当日达，截单后次日达；周边城市次日达</source>
        <translation>Same city: same day if ordered before the cut-off, next day after it; nearby cities next day</translation>
    </message>
    <message>
        <source>按需派送</source>
        <translation>On demand</translation>
    </message>
    <message>
        <source>按买家要求派送：送货上门、快递柜或驿站</source>
        <translation>Delivered as the buyer asks: to the door, a parcel locker or a pickup point</translation>
    </message>
    <message>
        <source>次日达</source>
        <translation>Next day</translation>
    </message>
    <message>
        <source>截单前付款次日送达（同城、省内及相邻省份）</source>
        <translation>Next-day delivery if paid before the cut-off (same city, same province and neighbouring provinces)</translation>
    </message>
    <message>
        <source>顺丰特快</source>
        <translation>SF Priority</translation>
    </message>
    <message>
        <source>顺丰电商标快</source>
        <translation>SF E-commerce Standard</translation>
    </message>
    <message>
        <source>同城</source>
        <translation>Same city</translation>
    </message>
    <message>
        <source>省内</source>
        <translation>Same province</translation>
    </message>
    <message>
        <source>邻省</source>
        <translation>Neighbouring province</translation>
    </message>
    <message>
        <source>同区域</source>
        <translation>Same region</translation>
    </message>
    <message>
        <source>全国</source>
        <translation>Nationwide</translation>
    </message>
    <message>
        <source>偏远</source>
        <translation>Remote areas</translation>
    </message>
    <message>
        <source>抖店</source>
        <translation>Douyin Shop</translation>
    </message>
    <message>
        <source>快手小店</source>
        <translation>Kuaishou Shop</translation>
    </message>
    <message>
        <source>拼多多</source>
        <translation>Pinduoduo</translation>
    </message>
    <message>
        <source>淘宝/天猫</source>
        <translation>Taobao/Tmall</translation>
    </message>
    <message>
        <source>微信视频号</source>
        <translation>WeChat Channels</translation>
    </message>
    <message>
        <source>手工订单</source>
        <translation>Manual orders</translation>
    </message>
</context>
</TS>