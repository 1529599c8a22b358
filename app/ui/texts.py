"""User-facing words in one place: Chinese first, wrapped for Qt translation later.

Source strings are Chinese; an English (or other) `.qm` can be added without touching the
pages. Tables here are plain data so models, filters and tests agree on one spelling.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CTX = "ShipDesk"
N = QT_TRANSLATE_NOOP  # for other modules; lupdate only sees the long name


def tr(text: str, context: str = CTX) -> str:
    """Translate a source string; a no-op until translations are installed."""
    return QCoreApplication.translate(context, text)


#: normalised order status → source text (translated at display time)
STATUS_NAMES: dict[str, str] = {
    "unpaid": QT_TRANSLATE_NOOP("ShipDesk", "待付款"),
    "to_ship": QT_TRANSLATE_NOOP("ShipDesk", "待发货"),
    "partly_shipped": QT_TRANSLATE_NOOP("ShipDesk", "部分发货"),
    "shipped": QT_TRANSLATE_NOOP("ShipDesk", "已发货"),
    "done": QT_TRANSLATE_NOOP("ShipDesk", "已完成"),
    "cancelled": QT_TRANSLATE_NOOP("ShipDesk", "已取消"),
    "refunded": QT_TRANSLATE_NOOP("ShipDesk", "已退款"),
    "unknown": QT_TRANSLATE_NOOP("ShipDesk", "未知"),
}

#: statuses offered in the filter box, in the order a packer thinks of them
STATUS_FILTER: tuple[str, ...] = ("", "to_ship", "partly_shipped", "shipped", "done",
                                  "unpaid", "cancelled", "refunded")

#: parcel state → source text; no parcel yet reads as "not numbered"
PARCEL_STATES: dict[str, str] = {
    "": QT_TRANSLATE_NOOP("ShipDesk", "未取号"),
    "new": QT_TRANSLATE_NOOP("ShipDesk", "未取号"),
    "allocated": QT_TRANSLATE_NOOP("ShipDesk", "已取号"),
    "printed": QT_TRANSLATE_NOOP("ShipDesk", "已打印"),
    "merged": QT_TRANSLATE_NOOP("ShipDesk", "已合并"),
}

#: carriers offered for e-waybills (code, full name, short name)
CARRIERS: tuple[tuple[str, str, str], ...] = (
    ("ZTO", QT_TRANSLATE_NOOP("ShipDesk", "中通快递"), QT_TRANSLATE_NOOP("ShipDesk", "中通")),
    ("YTO", QT_TRANSLATE_NOOP("ShipDesk", "圆通速递"), QT_TRANSLATE_NOOP("ShipDesk", "圆通")),
    ("STO", QT_TRANSLATE_NOOP("ShipDesk", "申通快递"), QT_TRANSLATE_NOOP("ShipDesk", "申通")),
    ("YUNDA", QT_TRANSLATE_NOOP("ShipDesk", "韵达快递"), QT_TRANSLATE_NOOP("ShipDesk", "韵达")),
    ("JT", QT_TRANSLATE_NOOP("ShipDesk", "极兔速递"), QT_TRANSLATE_NOOP("ShipDesk", "极兔")),
    ("SF", QT_TRANSLATE_NOOP("ShipDesk", "顺丰速运"), QT_TRANSLATE_NOOP("ShipDesk", "顺丰")),
    ("JD", QT_TRANSLATE_NOOP("ShipDesk", "京东快递"), QT_TRANSLATE_NOOP("ShipDesk", "京东")),
    ("EMS", "EMS", "EMS"),
    ("DEPPON", QT_TRANSLATE_NOOP("ShipDesk", "德邦快递"), QT_TRANSLATE_NOOP("ShipDesk", "德邦")),
)
CARRIER_SHORT: dict[str, str] = {code: short for code, _, short in CARRIERS}

#: label sizes (service value, source text)
LABEL_SIZES: tuple[tuple[str, str], ...] = (
    ("76x130", QT_TRANSLATE_NOOP("ShipDesk", "76×130 一联单")),
    ("100x150", "100×150"),
    ("100x180", QT_TRANSLATE_NOOP("ShipDesk", "100×180 二联单")),
)

#: why the importer flagged an order → what the packer must do
FLAG_REASONS: dict[str, str] = {
    "cancelled_after_print": QT_TRANSLATE_NOOP("ShipDesk", "面单已打印后买家取消：请拦截包裹，不要发出"),
    "refunded_after_print": QT_TRANSLATE_NOOP("ShipDesk", "面单已打印后已退款：请拦截包裹，不要发出"),
    "cancelled_after_import": QT_TRANSLATE_NOOP("ShipDesk", "导入后订单已取消：不要发货"),
    "refunded_after_import": QT_TRANSLATE_NOOP("ShipDesk", "导入后订单已退款：不要发货"),
}

#: service messages (English, shared with the CLI) → Chinese, matched by prefix
_SERVICE_MESSAGES: tuple[tuple[str, str], ...] = (
    ("no waybill number yet", QT_TRANSLATE_NOOP("ShipDesk", "还没有运单号：请先取号")),
    ("already printed", QT_TRANSLATE_NOOP("ShipDesk", "已打印过：如需再次打印，请用「重打面单」")),
    ("order is cancelled", QT_TRANSLATE_NOOP("ShipDesk", "订单已取消：不要发货")),
    ("order is refunded", QT_TRANSLATE_NOOP("ShipDesk", "订单已退款：不要发货")),
    ("no such order", QT_TRANSLATE_NOOP("ShipDesk", "找不到这个订单（可能已被删除）")),
    ("wrong PIN", QT_TRANSLATE_NOOP("ShipDesk", "PIN 不对，请重新输入")),
    ("too many wrong PINs", QT_TRANSLATE_NOOP("ShipDesk", "PIN 错误次数太多，请过几分钟再试")),
    ("a PIN is 4 to 12 digits", QT_TRANSLATE_NOOP("ShipDesk", "PIN 必须是 4 到 12 位数字")),
    ("unknown operator", QT_TRANSLATE_NOOP("ShipDesk", "没有这个操作员，或已停用")),
    ("the first operator must be the owner", QT_TRANSLATE_NOOP("ShipDesk", "第一个操作员必须是店主")),
    ("the shop needs an owner", QT_TRANSLATE_NOOP("ShipDesk", "店铺至少要有一位店主：请先设另一位店主")),
    ("there is already an operator called", QT_TRANSLATE_NOOP("ShipDesk", "已经有同名的操作员")),
    ("nobody is logged in", QT_TRANSLATE_NOOP("ShipDesk", "请先以店主身份登录")),
    ("operator '", QT_TRANSLATE_NOOP("ShipDesk", "当前操作员没有这个权限，请让店主来操作")),
)


def status_name(status: str) -> str:
    return tr(STATUS_NAMES[status]) if status in STATUS_NAMES else status


def parcel_state_name(state: str) -> str:
    return tr(PARCEL_STATES[state]) if state in PARCEL_STATES else state


def carrier_name(code: str) -> str:
    return tr(CARRIER_SHORT[code]) if code in CARRIER_SHORT else code


#: context of the words that come from the data files in resources/ (carrier, tier, zone
#: and platform names): one place, so each is translated once wherever it shows
CATALOGUE_CTX = "Catalogue"


def catalogue_word(text: str) -> str:
    """A catalogue name or description in the chosen language."""
    return tr(text, CATALOGUE_CTX) if text else text


def flag_reason(reason: str) -> str:
    return tr(FLAG_REASONS[reason]) if reason in FLAG_REASONS else reason


def service_message(message: str) -> str:
    """Chinese for the messages services give; unknown ones pass through unchanged."""
    for prefix, text in _SERVICE_MESSAGES:
        if message.startswith(prefix):
            return tr(text)
    return message


#: import problems (English from the importer, shared with the CLI) → Chinese (English
#: screens show the importer's own words); each
#: pattern is matched at the start, and its groups (values, names, row numbers) are
#: kept in the Chinese text as {1}, {2} …
_IMPORT_MESSAGES: tuple[tuple[str, str], ...] = (
    (r"order id is empty", "订单号为空：请补上或删掉这一行"),
    (r"order id (.+) is not an order number",
     "订单号 {1} 不是订单编号：请改正或删掉这一行"),
    (r"another row of this order has an error",
     "这个订单的另一行有错误：请先改正那一行"),
    (r"the id (\S+?)… was typed as a number in Excel",
     "编号 {1}… 在 Excel 里被当成了数字，末尾几位已丢失：请在 Excel 把这一列设为文本后重新导出"),
    (r"quantity (.+) is not a whole number of at most (\S+)",
     "数量 {1} 不是不超过 {2} 的整数"),
    (r"quantity (.+) must be a whole number of at least 1",
     "数量 {1} 必须是不小于 1 的整数"),
    (r"quantity (.+) is not a whole number", "数量 {1} 不是整数"),
    (r"quantity (.+) must be at least 1", "数量 {1} 至少为 1"),
    (r"amount (.+) is not a number of yuan",
     "金额 {1} 不是数字（以元为单位）"),
    (r"time (.+) is not a date and time", "时间 {1} 不是日期时间"),
    (r"receiver name and phone are both empty",
     "收件人姓名和电话都为空：包裹无法投递，请补上收件人"),
    (r"required column missing from the header",
     "表头缺少必需的列：平台选对了吗？请选择平台，或在导入对话框里对应各列"),
    (r"cannot tell the text encoding of this file",
     "认不出文件的文字编码：请另存为 UTF-8 CSV 或 XLSX 再导入"),
    (r"(.+): the workbook is protected with a password",
     "{1}：工作簿有密码保护：请用 Excel 或 WPS 打开，去掉密码后另存为 XLSX"),
    (r"(.+): the workbook is damaged and cannot be read",
     "{1}：工作簿已损坏，无法读取：请用 Excel 或 WPS 打开后另存为 XLSX，或从平台重新导出订单"),
    (r"(.+): the workbook has no sheets",
     "{1}：工作簿里没有工作表：请从平台重新导出订单"),
    (r"(.+): every sheet of the workbook is empty",
     "{1}：工作簿的每个工作表都是空的：请从平台重新导出订单"),
    (r"this file is a web page or XML",
     "这个文件是网页或 XML，不是 CSV 或 Excel 导出文件：请用 Excel 打开后另存为 XLSX 或 CSV"),
    (r"this is a binary file", "这是二进制文件，不是 CSV 或 Excel 导出文件：请从平台重新导出订单"),
    (r"the file is named (\S+) but is not an Excel workbook",
     "文件扩展名是 {1}，但它既不是 Excel 工作簿，也不是 CSV 导出文件：请用 Excel 打开后另存为 XLSX"),
    (r"file not found", "找不到这个文件：它可能已被移动或删除"),
    (r"the file is empty", "文件是空的：请从平台重新导出订单"),
    (r"the file's text encoding \((.+?)\) is broken near row (\d+)",
     "文件的文字编码（{1}）在第 {2} 行附近损坏：请另存为 UTF-8 CSV 或 XLSX 再导入"),
    (r"the file's text encoding \((.+?)\) is broken near this row",
     "文件的文字编码（{1}）在这一行附近损坏：请另存为 UTF-8 CSV 或 XLSX 再导入"),
    (r"the file's text encoding is broken",
     "文件的文字编码已损坏：请另存为 UTF-8 CSV 或 XLSX 再导入"),
    (r"the file is not a readable CSV near row (\d+)",
     "文件在第 {1} 行附近不是可读的 CSV：请用 Excel 打开后另存为 XLSX"),
    (r"the file has no rows", "文件里没有订单行"),
    (r"no header row with known column names in the first (\d+) rows",
     "前 {1} 行里没有认得出的表头：这是订单导出文件吗？"),
    (r"no header row with known column names",
     "没有认得出的表头：这是订单导出文件吗？如果是，请在导入对话框里选择平台或对应各列"),
    (r"the columns look like a (.+?) export but lack (.+?): choose",
     "这些列像是{1}的导出文件，但缺少{2}：请在导入对话框里选择平台或对应各列"),
    (r"the columns match no known platform export",
     "这些列不属于任何已知平台的导出格式：请选择平台或对应各列"),
    (r"cannot read the file \((.*)\)", "无法读取文件（{1}）：请确认文件没有被其他程序占用"),
    (r"the mapping names columns the file does not have: (.+)",
     "对应关系里的这些列在文件中不存在：{1}"),
    (r"no saved mapping called (.+)", "没有名为 {1} 的已保存对应关系"),
)
_IMPORT_PATTERNS = tuple((re.compile(p), text) for p, text in _IMPORT_MESSAGES)


def import_message(message: str) -> str:
    """An import problem in Chinese, with its values kept; in another language (the
    importer's English) or when unknown, the message as it is."""
    from app.ui.i18n import current_locale

    if not current_locale().startswith("zh"):
        return message
    return _first_match(_IMPORT_PATTERNS, message) or message


def _first_match(patterns: tuple[tuple[re.Pattern[str], str], ...], message: str) -> str:
    """The text of the first pattern matching the start of `message`, its groups filled
    in as {1}, {2} …; "" when none matches."""
    for pattern, text in patterns:
        m = pattern.match(message)
        if m:
            return text.format("", *m.groups())
    return ""


#: printer problems (English from the printing layer and the print service, shared with
#: the CLI) → Chinese. A message is made of parts (what the printer did, what to check,
#: where the job stands), so each part is replaced where it appears.
_PRINT_PARTS: tuple[tuple[str, str], ...] = (
    (r"printer (\S+) refused the connection", r"打印机 \1 拒绝连接"),
    (r"printer (\S+) did not answer within (\S+) s", r"打印机 \1 在 \2 秒内没有应答"),
    (r"printer (\S+) cannot be reached \((.*?)\)", r"连不上打印机 \1（\2）"),
    (r"printer (\S+) stopped taking data for (\S+) s", r"打印机 \1 已 \2 秒不接收数据"),
    (r"printer (\S+) dropped the connection \((.*?)\)", r"打印机 \1 断开了连接（\2）"),
    (r"printer (\S+) stopped acknowledging data for (\S+) s", r"打印机 \1 已 \2 秒没有确认收到数据"),
    (r"\. Check that the printer is switched on, online and has paper, and that (\S+) is its "
     r"address \(print its network configuration page\); then resume: (\d+) label\(s\) of "
     r"this job reached it\.",
     r"。请检查打印机是否开机、在线、有纸，并确认 \1 是它的地址（可打印网络配置页查看）；"
     r"然后点「继续打印」：本任务已有 \2 张到达打印机。"),
    (r"\. Check that the printer is switched on, online and has paper, and that (\S+) is its "
     r"address \(print its network configuration page\)\.?",
     r"。请检查打印机是否开机、在线、有纸，并确认 \1 是它的地址（可打印网络配置页查看）。"),
    (r" ?\(print job (\d+): (\d+) of (\d+) labels printed; resume it to print the rest\)",
     r"（打印任务 \1：已打印 \2/\3 张；点「继续打印」打完其余的）"),
    (r" ?\(print job (\d+): nothing marked printed\)", r"（打印任务 \1：没有面单记为已打印）"),
    (r"print job (\d+) failed: ", r"打印任务 \1 失败："),
    (r"print job (\d+) is (\w+): nothing to resume", r"打印任务 \1 的状态是 \2：没有可继续打印的面单"),
    (r"no print job (\d+)", r"没有打印任务 \1"),
    (r"CUPS did not take the job for queue (\S+) within (\S+) s; is cupsd running\?",
     r"CUPS 在 \2 秒内没有接收队列 \1 的任务：CUPS 服务在运行吗？"),
    (r"CUPS refused the job for queue (\S+): (.*?)\. Check the queue name \(lpstat -p\) and "
     r"that it accepts jobs\.", r"CUPS 拒绝了队列 \1 的任务：\2。请检查队列名（lpstat -p）以及它是否接受任务。"),
    (r"the CUPS command `lp` is not installed \(install cups-client or cups-bsd\)",
     r"没有安装 CUPS 的 lp 命令（请安装 cups-client 或 cups-bsd）"),
    (r"cannot run lp: ", r"无法运行 lp："),
    (r"no printer '(.+?)' in the system print queue", r"系统打印队列里没有打印机 \1"),
    (r"the system print queue refused printer (.+)", r"系统打印队列拒绝了打印机 \1"),
    (r"the system print queue did not take the label", r"系统打印队列没有接收这张面单"),
    (r"the (\w+) print component at (\S+) does not answer \((.*?)\); start it \(it runs in "
     r"the system tray\) and try again",
     r"\1 打印组件（\2）没有应答（\3）：请先启动它（在系统托盘里）再试"),
    (r"the (\w+) print component at (\S+) refused the connection: ", r"\1 打印组件（\2）拒绝连接："),
    (r"the (\w+) print component closed the connection", r"\1 打印组件断开了连接"),
    (r"the (\w+) print component did not answer (\w+) within (\S+) s",
     r"\1 打印组件在 \3 秒内没有回复 \2"),
    (r"cannot open printer '(.+?)': ", r"无法打开打印机 \1："),
    (r"printer '(.+?)' took (\d+) of (\d+) bytes", r"打印机 \1 只接收了 \3 字节中的 \2 字节"),
    (r"printer '(.+?)' failed: ", r"打印机 \1 出错："),
    (r"cannot write (.+?): ", r"无法写入 \1："),
    (r"cannot open (.+?): ", r"无法打开 \1："),
    (r"; check the folder exists and is writable", r"；请确认文件夹存在并且可以写入"),
)
_PRINT_PATTERNS = tuple((re.compile(p), text) for p, text in _PRINT_PARTS)


#: the services' refusals (English, shared with the CLI) → Chinese: why an order got no
#: waybill number, shipping settings, merge and split, printer settings, backups, keys,
#: privacy; matched at the start like the import problems, groups kept as {1}, {2} …
_REFUSALS: tuple[tuple[str, str], ...] = (
    (r"no (.+?) e-waybill account for (.+?): add one",
     "没有{2}的{1}电子面单账号：请在「设置 → 快递与规则 → 电子面单账号」里添加，或换一家有账号的快递"),
    (r"the (.+?) sandbox account for (.+?) is switched off",
     "{1}的{2}测试账号已停用：请启用它，或在「设置 → 快递与规则」里添加正式账号"),
    (r"unknown service tier '(.+?)'", "未知的服务类型 {1}：请重新选择快递和服务"),
    (r"(.+?) is not offered by (.+?): choose another carrier or tier",
     "{2}不提供「{1}」：取号前请换一家快递或换一种服务（指定快递）"),
    (r"(.+?) is a service of (.+?) orders only", "「{1}」只适用于 {2} 的订单"),
    (r"(.+?) does not serve (.+?): (.*); choose another carrier",
     "{1}不派送{2}：{3}；请换一家快递"),
    (r"the order has no receiver", "订单没有收件人：无法取号"),
    (r"the export holds only a masked copy",
     "导出文件里只有买家姓名、电话或地址的脱敏副本：请通过平台接口或完整导出导入订单后再取号"),
    (r"the buyer's name, phone or address is missing", "买家的姓名、电话或地址缺失：无法取号"),
    (r"the provider returned (\S+), which another parcel already has",
     "服务商返回的运单号 {1} 已被另一个包裹使用：没有做任何改动，请向平台反馈"),
    # the shipping settings' refusals (rules, rate cards, packages, accounts)
    (r"keep at least one carrier in use", "至少要保留一家在用的快递"),
    (r"give the rule a name", "请给规则起个名字"),
    (r"the rule does nothing", "这条规则什么也不做：请选择快递、服务、策略或包装"),
    (r"(.+?) is not offered by (.+)$", "{2}不提供「{1}」"),
    (r"no package preset named 「(.+?)」", "没有叫「{1}」的包装：请先添加"),
    (r"the weight range is upside down", "重量范围颠倒了（起点大于终点）"),
    (r"the amount range is upside down", "金额范围颠倒了（起点大于终点）"),
    (r"a rate card needs at least one line", "价目表至少要有一行"),
    (r"rate line not understood: (.*)", "看不懂这一行价目：{1}"),
    (r"weight of (.+?) must be whole grams, not (.+)", "{1} 的重量必须是整数克，不能是 {2}"),
    (r"give the package a name", "请给包装起个名字"),
    (r"a package cannot weigh less than nothing", "包装重量不能是负数"),
    (r"(.+?) is a franchise network: the account needs its branch",
     "{1}是加盟网络：账号需要填写网点编码"),
    (r"this account has issued waybills",
     "这个账号已经取过运单号：不能再改它的平台、快递和服务商；请新增一个账号"),
    # 合并 / 拆分 (app/services/merge.py)
    (r"choose at least two orders to merge", "请至少选择两个订单来合并"),
    (r"some of these orders no longer exist", "其中有订单已经不存在了：请刷新后再试"),
    (r"orders of different shops cannot share a parcel", "不同店铺的订单不能合成一个包裹"),
    (r"these orders do not go to the same receiver and address",
     "这些订单的收件人或地址不一样：不能合成一个包裹"),
    (r"a receiver is masked", "有收件人是脱敏的：同样的星号可能是两个不同的买家，不能合并"),
    (r"a label of these orders is printed already", "这些订单里已有面单打印过：不能再合并"),
    (r"an order of these is split into several parcels", "其中有订单已拆成多个包裹：不能合并"),
    (r"several of these orders have a waybill number already",
     "其中有几个订单已经取号：请先作废多余的运单号"),
    (r"order (\S+)'s parcel has a history", "订单 {1} 的包裹已有取号、打印或物流记录：不能合并掉"),
    (r"no such parcel", "找不到这个包裹：请刷新后再试"),
    (r"the label is printed already: a printed merge cannot be undone",
     "面单已打印：打印后不能撤销合并"),
    (r"this parcel carries one order", "这个包裹只有一个订单：没有可撤销的合并"),
    (r"a split needs between 1 and 99 parcels", "包裹数必须在 1 到 99 之间"),
    (r"this order rides in a merged parcel", "这个订单在合并的包裹里：请先撤销合并"),
    (r"this parcel carries merged orders", "这个包裹里有合并的订单：请先撤销合并"),
    (r"a label of this order is printed: its parcels cannot change",
     "这个订单的面单已打印：包裹数不能再改"),
    (r"pack (\d+) has a waybill number or a history", "第 {1} 包已取号或有记录：请先作废它，再减少包裹数"),
    # a printer setting that cannot be saved
    (r"a printer needs a name", "请给打印机起个名字"),
    (r"a network printer needs its address and port",
     "网络打印机需要填写地址和端口（一般是 9100）"),
    (r"a CUPS or Windows printer needs its queue name", "CUPS 或 Windows 打印机需要填写队列名"),
    (r"say where the files go", "请选择文件保存到哪个文件夹"),
    (r"darkness for (\w+) is 0-(\d+)", "{1} 打印机的浓度范围是 0–{2}"),
    (r"dpi must be 203 or 300", "分辨率只能是 203 或 300 dpi"),
    # backups (app/services/backup.py)
    (r"this database is on PostgreSQL: back it up on the server with pg_dump",
     "数据库在 PostgreSQL 服务器上：请在服务器上用 pg_dump 备份、用 pg_restore 恢复"
     "（命令见 shipdesk backup --help），并把密钥备份（shipdesk keys export）和备份放在一起"),
    (r"an in-memory database has nothing to back up", "内存中的数据库没有可备份的内容"),
    (r"keep 1 to 3650 days of backups", "备份保留天数应在 1 到 3650 天之间"),
    (r"the backup cannot overwrite the database itself",
     "备份不能覆盖数据库本身：请换一个备份文件夹"),
    (r"cannot write the backup (\S+): (.*)",
     "无法写入备份 {1}（{2}）：请检查磁盘空间和文件夹权限"),
    (r"this backup is the database itself", "这个文件就是正在用的数据库：请选择备份文件夹里的备份"),
    (r"the database is still open", "数据库还在使用中（ShipDesk 或其他程序）：请先在这台电脑上关闭它，再恢复"),
    (r"cannot copy the backup \((\w+)\)", "无法复制备份（{1}）：请检查磁盘空间"),
    (r"the backup cannot be brought to this version's schema \((\w+)\)",
     "这个备份无法升级到本版本的数据结构（{1}）"),
    (r"cannot read (\S+): (.*)", "无法读取 {1}（{2}）"),
    (r"(\S+) is not a SQLite database file", "{1} 不是 SQLite 数据库文件：请选择 ShipDesk 的备份"),
    (r"cannot open (\S+) \((\w+)\)", "无法打开 {1}（{2}）"),
    (r"the file is damaged: (.*)", "文件已损坏：{1}"),
    (r"a -wal file lies next to the backup", "备份旁边有一个 -wal 文件：它不是一个写完的备份"),
    (r"older schema: a restore upgrades it", "数据结构版本较旧：恢复时会自动升级"),
    (r"this is not a ShipDesk database", "这不是 ShipDesk 的数据库"),
    (r"the backup was made by a newer ShipDesk \(schema (.+?)\)",
     "这个备份来自更新版本的 ShipDesk（结构 {1}）：请先升级 ShipDesk"),
    (r"the backup has no key check", "这个备份没有密钥校验值：它从未被 ShipDesk 打开过"),
    (r"no key here opens this backup: (.*)", "这台电脑上的密钥打不开这个备份：{1}"),
    (r"the key held here is not this backup's key",
     "这台电脑上的密钥不是这个备份的：请先恢复它的密钥备份（shipdesk keys restore）"),
    (r"(\d+) encrypted field\(s\) do not open with the key held here",
     "有 {1} 个加密字段用这台电脑上的密钥打不开：请恢复最近一次密钥轮换之后导出的密钥备份"),
    # encryption keys (app/services/keys.py)
    (r"a key backup needs a passphrase of at least 8 characters", "密钥备份的密码至少要 8 个字符"),
    (r"cannot write (.+?): (.*)", "无法写入 {1}（{2}）：请检查磁盘空间和文件夹权限"),
    (r"(.+) is not a ShipDesk database \((\w+)\)", "{1} 不是 ShipDesk 数据库（{2}）"),
    (r"this database has no key yet", "这个数据库还没有密钥：没有需要恢复的"),
    (r"this key backup belongs to another database", "这个密钥备份属于另一个数据库"),
    (r"this key backup does not open this database", "这个密钥备份打不开这个数据库：请确认文件和密码"),
    (r"key (\d+) in this backup is not this database's", "备份里的第 {1} 号密钥不属于这个数据库"),
    (r"this key backup is older than the last key rotation \(it lacks key (.+?)\)",
     "这个密钥备份早于最近一次密钥轮换（缺少第 {1} 号密钥）：请用轮换之后导出的密钥备份"),
    (r"(\d+) row\(s\) keep being written with an older key",
     "有 {1} 行仍在用旧密钥写入：请关闭其他工作站、给它们换上新密钥，再继续轮换"),
    (r"a key rotation is still running", "密钥轮换还在进行：请等它完成"),
    (r"key\(s\) (.+?) still encrypt some rows", "第 {1} 号密钥仍在加密部分数据：请先完成轮换"),
    # privacy (app/services/privacy.py)
    (r"unknown field\(s\) (.+?);", "未知的字段 {1}"),
    (r"there is no order (\S+)", "没有订单 {1}"),
    (r"retention is 0 \(keep\) to 3650 days", "保留期限应在 0（一直保留）到 3650 天之间"),
    (r"give the buyer's phone number, name, or both", "请填写买家的手机号或姓名（或两者）"),
    (r"the buyer now has (\S+) order\(s\), not (\S+):", "这位买家现在有 {1} 个订单，不是 {2} 个：请重新查找"),
    (r"unknown audit group (.+?);", "未知的日志类别 {1}"),
    # tracking and alert settings (app/services/tracking.py, app/services/alerts.py)
    (r"Kuaidi100 needs the customer ID and key",
     "快递100 需要授权码（customer）和授权 Key：请在「设置 → 跟踪与提醒」里填写"),
    (r"KDNiao needs the EBusinessID and API key",
     "快递鸟需要商户 ID（EBusinessID）和 API Key：请在「设置 → 跟踪与提醒」里填写"),
    (r"tracking\.kdniao\.customer_names must be JSON",
     '快递鸟的商家编码要写成 JSON，例如 {{"JD": "商家编码"}}'),
    (r"the automatic refresh is 0 \(off\) to (\d+) minutes",
     "自动刷新物流的间隔应在 0（不自动刷新）到 {1} 分钟之间"),
    (r"unknown tracking provider '(.+?)'", "未知的物流跟踪服务 {1}：请选择沙盒、快递100 或快递鸟"),
    (r"(\w+) has no setting (.+)", "{1} 没有设置项 {2}"),
    (r"unknown alert setting '(.+?)'", "未知的提醒设置 {1}"),
    (r"alerts\.sameday_cutoff must be a time of day HH:MM, not '(.*)'",
     "当日达截单时间要写成 时:分（如 11:00），不能是「{1}」"),
    (r"alerts\.(\w+) must be a number ≥ 0, not '(.*)'", "提醒时限 {1} 要是不小于 0 的数字，不能是「{2}」"),
)
_REFUSAL_PATTERNS = tuple((re.compile(p), text) for p, text in _REFUSALS)
_NOT_RESTORABLE = "the backup cannot be restored: "
_MUST_NOT_SHIP = re.compile(r"order is (\w+): it must not ship")
_NOT_WAITING = re.compile(
    r"order (\S+) is (\w+)(?: \(\w+\))?: only orders waiting to ship can be (merged|split)")


def user_message(message: str) -> str:
    """A service's message for the user in Chinese where its words are known (import and
    printer problems, the fixed service messages); English screens keep the English."""
    from app.ui.i18n import current_locale

    if not current_locale().startswith("zh"):
        return message
    shown = import_message(message)
    if shown != message:
        return shown
    if message.startswith(_NOT_RESTORABLE):  # the backup check's problems, each in Chinese
        parts = message[len(_NOT_RESTORABLE):].split("; ")
        return "这个备份无法恢复：" + "；".join(user_message(p) for p in parts)
    refusal = _first_match(_REFUSAL_PATTERNS, message)
    if refusal:
        return refusal
    m = _MUST_NOT_SHIP.match(message)
    if m:
        return tr("订单状态为「{0}」：不能发货").format(status_name(m.group(1)))
    m = _NOT_WAITING.match(message)
    if m:
        what = "合并" if m.group(3) == "merged" else "拆分"
        return tr("订单 {0} 的状态是「{1}」或已被拦截：只有待发货的订单可以{2}").format(
            m.group(1), status_name(m.group(2)), what)
    for pattern, text in _PRINT_PATTERNS:
        shown = pattern.sub(text, shown)
    return shown if shown != message else service_message(message)


#: packing mode: why a scan did not print → (headline, what to do); codes from
#: app.services.packing
PACK_REASONS: dict[str, tuple[str, str]] = {
    "not_found": (QT_TRANSLATE_NOOP("ShipDesk", "找不到这个单号"),
                  QT_TRANSLATE_NOOP("ShipDesk", "请确认扫的是拣货单条码、平台订单号或运单号；新订单请先导入")),
    "ambiguous": (QT_TRANSLATE_NOOP("ShipDesk", "多个店铺有这个订单号"),
                  QT_TRANSLATE_NOOP("ShipDesk", "请改扫拣货单条码或运单号")),
    "cancelled": (QT_TRANSLATE_NOOP("ShipDesk", "订单已取消：不要发货"),
                  QT_TRANSLATE_NOOP("ShipDesk", "把商品放回货架；已贴面单的包裹请拆下面单")),
    "refunded": (QT_TRANSLATE_NOOP("ShipDesk", "订单已退款：不要发货"),
                 QT_TRANSLATE_NOOP("ShipDesk", "把商品放回货架；已贴面单的包裹请拆下面单")),
    "flagged": (QT_TRANSLATE_NOOP("ShipDesk", "订单被拦截：不要发货"), ""),
    "unpaid": (QT_TRANSLATE_NOOP("ShipDesk", "订单未付款：不要发货"), QT_TRANSLATE_NOOP("ShipDesk", "等买家付款后再打包")),
    "shipped_elsewhere": (QT_TRANSLATE_NOOP("ShipDesk", "平台显示已发货"),
                          QT_TRANSLATE_NOOP("ShipDesk", "这单可能已在别处发出；确认后可按 F9 打印")),
    "already_printed": (QT_TRANSLATE_NOOP("ShipDesk", "面单已打印过"),
                        QT_TRANSLATE_NOOP("ShipDesk", "同一包裹贴两张面单会错发。确需重打请按 F9")),
    "allocate_failed": (QT_TRANSLATE_NOOP("ShipDesk", "取号失败，没有打印"), ""),
    "print_failed": (QT_TRANSLATE_NOOP("ShipDesk", "打印失败"), ""),
    "wrong_item": (QT_TRANSLATE_NOOP("ShipDesk", "不是这单的商品"), QT_TRANSLATE_NOOP("ShipDesk", "请取出这件商品，核对后重扫")),
    "too_many": (QT_TRANSLATE_NOOP("ShipDesk", "这件商品扫多了"), QT_TRANSLATE_NOOP("ShipDesk", "请取出多放的一件")),
    "missing_items": (QT_TRANSLATE_NOOP("ShipDesk", "还有商品没扫"), ""),
}


def pack_reason(code: str) -> tuple[str, str]:
    title, hint = PACK_REASONS.get(code, (code, ""))
    return tr(title), tr(hint) if hint else ""
