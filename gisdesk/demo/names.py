"""Chinese place and person names that look like a Henan plain county's.

Village names follow the common patterns of the Yellow-River plain: a surname with a
settlement suffix (张庄, 李楼, 王集), often with a position or size prefix (前刘庄, 大杨寨)
or two surnames (王李庄). A :class:`NameBook` draws names from a seeded generator,
keeps them unique where they must be (within a township, within a city) and stops one
name from repeating too often across the county.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

# surnames with rough Henan frequencies (per mille); the first ones dominate village names
_SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高郭何马罗梁宋郑谢韩唐冯于董程曹袁邓许沈彭吕苏卢蒋蔡贾丁魏薛"
    "阎余潘杜戴夏田任姜范方石姚谭邹金郝孔白崔康毛秦史侯孟段雷汤尹常武乔贺龚齐牛尚岳翟葛"
)
# Zipf-like: the first few surnames name most villages, as on the plain
_SURNAME_WEIGHTS = 1.0 / (np.arange(len(_SURNAMES)) + 4.0)

_SETTLEMENT = ("庄", "楼", "集", "寨", "营", "屯", "店", "园", "湾", "口", "桥", "岗", "堂", "庙", "洼",
               "圈", "铺", "坊", "阁", "寺", "台", "坑", "林", "沟", "窑", "河")
_SETTLEMENT_W = np.array([40, 22, 10, 12, 9, 3, 8, 4, 3, 5, 5, 5, 6, 6, 4, 3, 3, 2, 2, 2, 3, 2, 2, 2, 2, 2], float)
_PREFIX = ("前", "后", "东", "西", "南", "北", "大", "小", "老", "新", "上", "下", "中")
_PREFIX_W = np.array([10, 10, 9, 9, 7, 7, 9, 6, 4, 4, 2, 2, 3], float)
_PLAIN = ("太平", "三里", "五里", "七里", "八里", "十里", "双庙", "白庙", "黄岗", "孤堆", "龙王庙", "关帝庙",
          "柳林", "杏园", "桃园", "榆树", "槐树", "石桥", "板桥", "高台", "土山", "红庙", "青堌", "永安",
          "兴隆", "和平", "丰乐", "长岗", "沙河", "大路", "花园", "枣林", "李园", "营盘", "古城", "双楼")

_TOWN_STEMS = ("会亭", "马头", "太平", "车站", "骆集", "韩道口", "火店", "杨集", "何营", "济阳", "桑堌",
               "胡桥", "业庙", "中峰", "孔庄", "王集", "曹集", "刘店", "罗庄", "北岭", "歧河", "郭店",
               "马庄", "李集", "刘集", "郭庄", "太丘", "酂城", "芒山", "条河", "薛湖", "陈官庄", "裴桥",
               "双桥", "顺和", "茴村", "演集", "龙岗", "卧龙", "城郊", "黄冢", "沙集", "长岗", "高辛",
               "毛堌堆", "闫集", "宋集", "包公庙", "勒马", "冯桥", "路河", "郑集", "坞墙", "古宋",
               "娄店", "白庙", "周集", "谢集", "平台", "刘口", "水池铺", "观堂", "双八", "建设",
               "张弓", "阳驿", "石桥", "黄岗", "逻岗", "柳河", "尚屯", "凤城", "尚寨", "胡襄",
               "慈圣", "牛城", "远襄", "岳庄", "伯岗", "陈青集", "起台", "安平", "皇集", "老王集",
               "张桥", "大仵", "牛牧岗", "邵园", "营廓", "稍岗", "站集", "乔楼", "铁佛寺", "五里堂")

_COMMUNITY_STEMS = ("建设路", "人民路", "文化路", "解放路", "中山路", "胜利", "和平", "新华", "光明", "团结",
                    "友谊", "长征", "青年", "育才", "振兴", "兴华", "迎宾", "滨河", "府前", "工农", "朝阳",
                    "向阳", "东风", "红旗", "金桥", "锦绣", "幸福", "安居", "繁荣", "富民", "康乐", "民主",
                    "健康", "丰收", "华夏", "凯旋", "永安", "长安", "东关", "西关", "南关", "北关", "东街",
                    "西街", "南街", "北街", "城东", "城西", "城南", "城北", "站前", "商贸", "体育", "新区",
                    "天宁", "兴业", "盛世", "翠园", "汇景", "花园", "书院", "文庙", "古城", "护城河",
                    "凤凰", "梧桐", "春晖", "秀水", "鼓楼", "北海", "南湖", "龙湖", "清风", "明珠",
                    "宏达", "阳光", "金色", "惠民", "双拥", "园丁", "电业", "粮贸", "棉纺", "供销")

_STREET_STEMS = ("建设", "人民", "文化", "解放", "中山", "胜利", "和平", "新华", "光明", "团结", "友谊",
                 "长征", "青年", "育才", "振兴", "兴华", "迎宾", "滨河", "府前", "工农", "朝阳", "向阳",
                 "东风", "红旗", "金桥", "锦绣", "幸福", "繁荣", "富民", "康乐", "民主", "健康", "华夏",
                 "凯旋", "永安", "长安", "商贸", "体育", "书院", "文庙", "凤凰", "梧桐", "春晖", "鼓楼",
                 "北海", "南湖", "明珠", "惠民", "双拥", "园丁", "车站", "正义", "和谐", "宋城", "归德",
                 "神火", "应天", "睢阳", "梁园", "华商", "平原", "南京", "北京", "上海", "黄河", "淮河")

_COMPOUND_STEMS = ("锦绣", "幸福", "阳光", "金色", "翠苑", "华庭", "书香", "御景", "盛世", "铂悦", "名门",
                   "滨河", "枫林", "紫荆", "兰亭", "桂园", "丽景", "凯旋", "龙湖", "碧桂", "建业", "正商",
                   "鑫苑", "润泽", "鸿福", "祥和", "康桥", "天润", "佳和", "万通", "裕华", "东方", "中央",
                   "香榭", "伯爵", "水岸", "馨苑", "文景", "盛景", "怡园")
_COMPOUND_SUFFIX = ("花园", "小区", "家园", "华府", "名苑", "新城", "佳苑", "公馆", "雅居", "嘉园")

_GIVEN = ("伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "辉", "刚", "鹏", "华", "飞", "斌", "亮",
          "宇", "浩", "凯", "帅", "建国", "建军", "志强", "海涛", "红伟", "国庆", "晓东", "俊杰", "永刚",
          "玉山", "卫东", "振华", "保国", "新民", "文博", "子豪", "一鸣", "博文", "昊天", "世杰", "丽",
          "静", "敏", "芳", "娜", "艳", "慧", "婷", "雪", "颖", "晓燕", "春梅", "红霞", "玉兰", "秀英",
          "海燕", "丽娟", "雅琪", "梦瑶", "思雨", "冬梅", "建华", "国强", "爱民", "树林", "金生")
_MOBILE_PREFIX = ("138", "139", "137", "136", "135", "134", "150", "151", "152", "157", "158", "159",
                  "182", "183", "187", "188", "130", "131", "132", "155", "156", "185", "186", "176",
                  "133", "153", "180", "189", "177", "199")


class NameBook:
    """Seeded name generator; remembers names given so far to keep them varied and unique."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.village_counts: Counter[str] = Counter()
        self.towns: set[str] = set()
        self.phones: set[str] = set()
        self._sp = _SURNAME_WEIGHTS / _SURNAME_WEIGHTS.sum()
        self._ss = _SETTLEMENT_W / _SETTLEMENT_W.sum()
        self._pp = _PREFIX_W / _PREFIX_W.sum()

    # ------------------------------------------------------------------ places
    def surname(self) -> str:
        return _SURNAMES[self.rng.choice(len(_SURNAMES), p=self._sp)]

    def _village_stem(self) -> str:
        r = self.rng.random()
        suffix = _SETTLEMENT[self.rng.choice(len(_SETTLEMENT), p=self._ss)]
        if r < 0.55:
            return self.surname() + suffix
        if r < 0.80:
            return _PREFIX[self.rng.choice(len(_PREFIX), p=self._pp)] + self.surname() + suffix
        if r < 0.90:
            a, b = self.surname(), self.surname()
            return (a + b + suffix) if a != b else (a + "家" + suffix)
        if r < 0.96:
            return _PLAIN[self.rng.integers(len(_PLAIN))]
        return self.surname() + "老家"

    def village(self, taken: set[str], max_repeat: int = 3) -> str:
        """A village name (…村) not in ``taken`` and not used ``max_repeat`` times already."""
        for attempt in range(200):
            name = self._village_stem() + "村"
            limit = max_repeat if attempt < 100 else max_repeat + 3
            if name not in taken and self.village_counts[name] < limit:
                break
        else:  # pragma: no cover - practically unreachable with the pools above
            name = f"{self._village_stem()}{len(taken) + 1}村"
        taken.add(name)
        self.village_counts[name] += 1
        return name

    def township(self, seat: bool = False) -> str:
        """A township name (镇 or 乡), unique over the whole book; ``seat`` gives 城关镇 first."""
        if seat and "城关镇" not in self.towns:
            self.towns.add("城关镇")
            return "城关镇"
        for _ in range(500):
            if self.rng.random() < 0.85:
                stem = _TOWN_STEMS[self.rng.integers(len(_TOWN_STEMS))]
            else:
                stem = self.surname() + _SETTLEMENT[self.rng.choice(len(_SETTLEMENT), p=self._ss)]
            name = stem + ("镇" if self.rng.random() < 0.68 else "乡")
            if name not in self.towns and (name[:-1] + ("乡" if name.endswith("镇") else "镇")) not in self.towns:
                self.towns.add(name)
                return name
        raise RuntimeError("township names exhausted")  # pragma: no cover

    def communities(self, n: int) -> list[str]:
        """``n`` distinct community (社区) names."""
        stems = list(_COMMUNITY_STEMS)
        order = self.rng.permutation(len(stems))
        out = [stems[i] + "社区" for i in order[:n]]
        k = 1
        while len(out) < n:  # more than the pool: numbered new communities
            out.append(f"新城第{k}社区")
            k += 1
        return out

    def streets(self, n: int) -> list[str]:
        """``n`` distinct street stems (路/街 appended by the caller)."""
        order = self.rng.permutation(len(_STREET_STEMS))
        out = [_STREET_STEMS[i] for i in order[:n]]
        k = 1
        while len(out) < n:
            out.append(f"纬{k}")
            k += 1
        return out

    def compound(self) -> str:
        return _COMPOUND_STEMS[self.rng.integers(len(_COMPOUND_STEMS))] + _COMPOUND_SUFFIX[
            self.rng.integers(len(_COMPOUND_SUFFIX))
        ]

    # ------------------------------------------------------------------ people
    def person(self) -> str:
        return self.surname() + _GIVEN[self.rng.integers(len(_GIVEN))]

    def phone(self) -> str:
        """An 11-digit mobile number, unique within the book."""
        while True:
            head = _MOBILE_PREFIX[self.rng.integers(len(_MOBILE_PREFIX))]
            number = head + f"{int(self.rng.integers(0, 10**8)):08d}"
            if number not in self.phones:
                self.phones.add(number)
                return number


def short(name: str) -> str:
    """A place name without its administrative suffix: 城关镇 -> 城关, 张庄村 -> 张庄."""
    for suffix in ("社区", "镇", "乡", "村", "街道"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name
