"""Address splitting against the real administrative-division table."""

import pytest

from app.importers.regions import regions, split_address


@pytest.mark.parametrize("text,expected", [
    # ordinary provinces, spaced as Kuaishou exports them
    ("广东省 广州市 天河区 林和街道 人民南路四段27号3号楼501",
     ("广东省", "广州市", "天河区", "林和街道", "人民南路四段27号3号楼501")),
    # the detail may itself start with a street-like word
    ("浙江省 宁波市 鄞州区 中河街道 仓前街道龙潭路9号7栋1单元602",
     ("浙江省", "宁波市", "鄞州区", "中河街道", "仓前街道龙潭路9号7栋1单元602")),
    # municipalities: the export leaves the repeated city out, or repeats it
    ("重庆市 渝北区 回兴街道 人民南路四段27号12-3-401",
     ("重庆市", "重庆市", "渝北区", "回兴街道", "人民南路四段27号12-3-401")),
    ("北京市北京市朝阳区望京街道望京东路1号", ("北京市", "北京市", "朝阳区", "望京街道", "望京东路1号")),
    ("上海市 浦东新区 川沙新镇 张江路665号", ("上海市", "上海市", "浦东新区", "川沙新镇", "张江路665号")),
    ("天津市 市辖区 和平区 劝业场街道 1号", ("天津市", "天津市", "和平区", "劝业场街道", "1号")),
    ("重庆市 县 忠县 忠州街道 1号", ("重庆市", "重庆市", "忠县", "忠州街道", "1号")),
    # autonomous regions, full and short names
    ("内蒙古自治区 呼和浩特市 赛罕区 大学西路街道 1号",
     ("内蒙古自治区", "呼和浩特市", "赛罕区", "大学西路街道", "1号")),
    ("广西南宁市青秀区中山街道民族大道1号",
     ("广西壮族自治区", "南宁市", "青秀区", "中山街道", "民族大道1号")),
    ("新疆 乌鲁木齐市 天山区 幸福路街道 1号",
     ("新疆维吾尔自治区", "乌鲁木齐市", "天山区", "幸福路街道", "1号")),
    ("湖北省 恩施州 恩施市 舒家坝街道 1号",
     ("湖北省", "恩施土家族苗族自治州", "恩施市", "舒家坝街道", "1号")),
    # county-level cities administered by the province (直辖县级)
    ("河南省 济源市 济源市 沁园街道 望京东路1号", ("河南省", "济源市", "济源市", "沁园街道", "望京东路1号")),
    ("湖北省 仙桃市 干河街道 钱沟路1号", ("湖北省", "仙桃市", "仙桃市", "干河街道", "钱沟路1号")),
    ("湖北省 省直辖县级行政区划 潜江市 园林街道 1号", ("湖北省", "潜江市", "潜江市", "园林街道", "1号")),
    ("湖北省天门市竟陵街道1号", ("湖北省", "天门市", "天门市", "竟陵街道", "1号")),
    ("湖北省 神农架林区 松柏镇 1号", ("湖北省", "神农架林区", "神农架林区", "松柏镇", "1号")),
    ("海南省 五指山市 通什镇 1号", ("海南省", "五指山市", "五指山市", "通什镇", "1号")),
    ("新疆维吾尔自治区 石河子市 新城街道 1号", ("新疆维吾尔自治区", "石河子市", "石河子市", "新城街道", "1号")),
    # prefecture-level cities without counties
    ("海南省 儋州市 那大镇 人民路2号", ("海南省", "儋州市", "儋州市", "那大镇", "人民路2号")),
    ("广东省 东莞市 长安镇 振安路1号", ("广东省", "东莞市", "东莞市", "长安镇", "振安路1号")),
    ("甘肃省嘉峪关市雄关街道1号", ("甘肃省", "嘉峪关市", "嘉峪关市", "雄关街道", "1号")),
    # missing city, missing province, a name written without its city prefix
    ("浙江省 义乌市 稠城街道 工人路1号", ("浙江省", "金华市", "义乌市", "稠城街道", "工人路1号")),
    ("杭州市西湖区文新街道文一西路998号", ("浙江省", "杭州市", "西湖区", "文新街道", "文一西路998号")),
    ("江苏省 苏州市 工业园区 娄葑街道 1号", ("江苏省", "苏州市", "苏州工业园区", "娄葑街道", "1号")),
    # same district name in two provinces
    ("吉林省 长春市 朝阳区 红旗街道 1号", ("吉林省", "长春市", "朝阳区", "红旗街道", "1号")),
    ("吉林省吉林市船营区北京路1号", ("吉林省", "吉林市", "船营区", "", "北京路1号")),
    # a spaced district or street newer than the table is kept as written
    ("浙江省 杭州市 新建区 某某街道 1号", ("浙江省", "杭州市", "新建区", "某某街道", "1号")),
    # full-width spaces and digits (NFKC)
    ("浙江省　杭州市　余杭区　五常街道　文一西路９９８号", ("浙江省", "杭州市", "余杭区", "五常街道", "文一西路998号")),
    # not an address we can place: all of it stays in detail
    ("随便写的地址", ("", "", "", "", "随便写的地址")),
    ("", ("", "", "", "", "")),
])
def test_split(text, expected):
    assert split_address(text) == expected


def test_table_has_every_level():
    r = regions()
    assert len(r.provinces) == 34
    assert len(r.cities) > 330 and len(r.areas) > 2800
    assert "济源市" in {a.name for a in r.areas.values()}
