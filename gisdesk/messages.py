"""The command line's words in the user's language: Chinese by default, English with
``--lang en`` (or ``GISDESK_LANG``/``LC_ALL``/``LC_MESSAGES``/``LANG`` starting with ``en``).

One home for every sentence the command line shows: the message id is the English text
(as with gettext), :data:`ZH` gives its Chinese. ``tr(text, **values)`` translates then
fills ``{name}`` placeholders; a message already formatted elsewhere (a service's
progress, argparse's own words) is matched against the ids with placeholders, so the
services stay free of user-facing language. The window translates through Qt's own
files (resources/translations); ``--json`` keys are the contract's and stay English.

>>> set_language("zh"); tr("wrote {out}", out="a.pdf")
'已写入 a.pdf'
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache

LANGUAGES = ("zh", "en")
_language = "zh"

ZH: dict[str, str] = {
    # ---------------------------------------------------------------- argparse's own words
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "expected one argument": "需要一个参数",
    "expected at least one argument": "至少需要一个参数",
    "error": "错误",
    # ---------------------------------------------------------------- the frame
    "gisdesk: planning tool for community policing": "gisdesk：社区警务规划工具（警务室选址、警格划分、打印与报表）",
    "interface language (zh or en; default: zh, or en when LANG is English)":
        "界面语言（zh 或 en；默认中文，LANG 为英文时用英文）",
    "print a JSON summary as the last line": "最后一行输出 JSON 摘要（键名为英文，供脚本使用）",
    "no progress output": "不显示进度",
    "interrupted; the project is unchanged": "已中断；项目未改动",
    # the grids' exception lines (station: community or village: reason), as `grids` prints them
    "  {station}: {name}: {population} residents need {officers} officers (no units to split it)":
        "  {station}：{name}：{population} 人需配 {officers} 名警力（无楼栋单元可再划分）",
    "  {station}: {name}: no building units and no community boundary: no grid":
        "  {station}：{name}：无楼栋单元，也无社区边界，未划警格",
    "  {station}: {name}: no building units: {blocks} blocks from the roads, population unknown: one grid of "
    "unknown population": "  {station}：{name}：无楼栋单元，按道路划出 {blocks} 个街块；人口未知，划为一个人口未知的警格",
    "  {station}: {name}: no building units: {blocks} blocks from the roads, population {population} spread by "
    "area (an estimate)": "  {station}：{name}：无楼栋单元，按道路划出 {blocks} 个街块，人口 {population} 按面积分摊（估算）",
    "  {station}: {name}: grids balanced within ±{got} only (target ±{target})":
        "  {station}：{name}：警格人口偏差只能控制在 ±{got}（目标 ±{target}）",
    "  {station}: {name}: units form {pieces} separate pieces; joined across gaps":
        "  {station}：{name}：楼栋单元分成 {pieces} 片，已跨间隙连接",
    "  {station}: {name}: population unknown for {count} units ({listed}): counted as 0 in the balance, their "
    "grids' population is the sum of the known units":
        "  {station}：{name}：{count} 个楼栋单元人口未知（{listed}）：均衡时按 0 计，警格人口为已知单元之和",
    # site's exception for an office area that cannot be one piece (check quotes it)
    "the service area of the office at {site} is in {pieces} pieces (the station's rural villages form {groups} "
    "separate groups on the map ({sizes} villages); {lo}-{hi} villages per office): {names}":
        "{site}的警务室服务区分成 {pieces} 片：本所农村行政村在地图上分成互不相连的 {groups} 片（各 {sizes} 个村），"
        "无法按每室 {lo}-{hi} 个村连片划分：{names}",
    "the service area of the office at {site} is in {pieces} pieces (no contiguous plan with {p} offices was found; "
    "{lo}-{hi} villages per office): {names}":
        "{site}的警务室服务区分成 {pieces} 片：未找到 {p} 个警务室各辖 {lo}-{hi} 个村且连片的方案：{names}",
    # check's text (its findings are worded in Chinese by the rule modules: gisdesk.finding_words)
    "the siting plan": "选址方案",
    "the existing posts": "现有警务站点",
    "passed": "通过",
    "not passed": "未通过",
    ", ": "，",
    "{severity}: {n}": "{severity}{n}条",
    "Checked {checked}: {verdict} ({counts})": "检查{checked}：{verdict}（{counts}）",
    "{title} ({rule}): {n}": "{title}（{rule}）：{n}条",
    "  [{severity}] {where}: {detail}": "  [{severity}] {where}：{detail}",
    "  ... and {n} more (--json lists them all)": "  …另有{n}条（--json 列出全部）",
    # site's other exceptions (check quotes them too)
    "no plan with {p} offices keeps every village within {km} km":
        "{p} 个警务室的任何方案都无法使每个村都在 {km} 公里以内",
    "village {code} ({name}) is {km} km from its office, more than --max-km {limit}":
        "行政村 {code}（{name}）距所属警务室 {km} 公里，超过最远距离限制 {limit} 公里",
    "village {code} ({name}) has no usable key site: its office stands at the village's point":
        "行政村 {code}（{name}）没有可用的重点部位：警务室设在村的点位上",
    "existing office {code} ({name}) could not be kept: it is not in or near a village of station {station}":
        "现有警务室 {code}（{name}）无法保留：它不在派出所 {station} 的行政村内或附近",
    "village {code} ({name}) has no road path to its office: straight-line distance used":
        "行政村 {code}（{name}）与所属警务室之间没有道路相通：按直线距离计算",
    "village {code} ({name}) cannot reach any candidate over the road network: straight-line distance used":
        "行政村 {code}（{name}）经路网到不了任何候选点：按直线距离计算",
    "village {code} is {km} km from the nearest road": "行政村 {code} 距最近的道路 {km} 公里",
    "{p} offices: the search reached its time limit before its counted work, so this plan may differ on another "
    "machine or under another load": "{p} 个警务室：搜索在完成规定计算量之前达到时间上限，换一台机器或在其他负载下方案可能不同",
    "villages without a station (fill in their station): {names}": "行政村未填所属派出所（请补填）：{names}",
    "villages without a station (fill in their station): {names} and {more} more":
        "行政村未填所属派出所（请补填）：{names} 等，另有 {more} 个",
    "no usable key site: offices placed at village points": "没有可用的重点部位：警务室设在村的点位上",
    "population unknown (empty) for {n} villages, planned as one person each: {names}":
        "{n} 个行政村人口未知（空值），规划时每村按 1 人计：{names}",
    "population unknown (empty) for {n} villages, planned as one person each: {names} and {more} more":
        "{n} 个行政村人口未知（空值），规划时每村按 1 人计：{names} 等，另有 {more} 个",
    "only {n} candidate sites for {p} offices": "只有 {n} 个候选点位，却要设 {p} 个警务室",
    "only {n} rural villages, fewer than {min}: {lo} offices serving {a}-{b} villages each":
        "农村行政村只有 {n} 个，少于 {min} 个：设 {lo} 个警务室，每室辖 {a}-{b} 个村",
    "{k} existing offices kept for {n} rural villages: {lo} offices serving {a}-{b} villages each":
        "{n} 个农村行政村保留了 {k} 个现有警务室：设 {lo} 个警务室，每室辖 {a}-{b} 个村",
    "a remote station has at least {k} offices, and {n} rural villages cannot make {lo} of {min}-{max}: "
    "{lo2} offices serving {a}-{b} villages each":
        "偏远派出所至少设 {k} 个警务室，而 {n} 个农村行政村无法分成 {lo} 个各辖 {min}-{max} 个村的警务室："
        "设 {lo2} 个警务室，每室辖 {a}-{b} 个村",
    "{n} rural villages cannot make {lo} offices of {min}-{max}: {lo2} offices serving {a}-{b} villages each":
        "{n} 个农村行政村无法分成 {lo} 个各辖 {min}-{max} 个村的警务室：设 {lo2} 个警务室，每室辖 {a}-{b} 个村",
    "no roads layer: distances are straight-line x {detour}": "没有道路图层：距离按直线距离 × {detour} 计算",
    "the road network has {n} disconnected pieces ({km} km of road off the main one)":
        "路网分成 {n} 个互不相连的部分（主网之外的道路共 {km} 公里）",
    "  {station}: {name}: cannot be cut into {k} balanced grids ({reason})":
        "  {station}：{name}：无法划分为 {k} 个人口均衡的警格（{reason}）",
    # the partitioner's reasons, inside the line above ({reason} is translated in turn)
    "unit {code} has population {population}, above the district maximum {most}":
        "楼栋单元 {code} 人口 {population}，超过一个警格的上限 {most}",
    "the units form {count} separate connected parts, more than the {k} districts (a district must be "
    "contiguous)": "楼栋单元分成 {count} 片互不相连的部分，多于 {k} 个警格（警格须连片）",
    "the units form {count} separate connected parts with populations {shown}; they cannot each hold a "
    "whole number of the {k} districts of {lo}-{hi}":
        "楼栋单元分成 {count} 片互不相连的部分（人口 {shown}），无法各自容纳整数个人口 {lo}-{hi} 的警格（共 {k} 个）",
    "not yet built": "尚未实现",
    "internal error": "内部错误",
    # ---------------------------------------------------------------- commands
    "create an empty project": "新建空项目",
    "write the built-in demonstration project": "生成内置演示项目",
    "add data from Shapefile, GeoPackage, GeoJSON, CSV or XLSX to a layer":
        "从 Shapefile、GeoPackage、GeoJSON、CSV 或 XLSX 导入数据到图层",
    "propose police offices and workstations (writes the plan_* layers)": "警务室与警务工作站选址（写入 plan_* 图层）",
    "what a new office at a location would change": "评估在某处新设警务室的影响",
    "redraw the patrol grids and their members": "重新划分警格及其成员",
    "assign officers and auxiliaries to the grids (the assignments table)": "为警格分配民警和辅警（assignments 表）",
    "plan versions: save, list, load, delete, compare and adopt whole plans":
        "方案版本：保存、列出、载入、删除、比较和采用整套方案",
    "check the project against the staffing and siting standards": "按警力配置与选址标准检查项目",
    "print beat maps to PDF": "打印警务室/警格责任区图（PDF）",
    "write a self-contained offline web map": "导出可离线使用的网页地图",
    "write the staffing and siting tables to Excel": "导出警力配置与选址统计报表（Excel）",
    "render the main window with a project to PNG, off screen": "离屏渲染主窗口截图（PNG）",
    # ---------------------------------------------------------------- options
    "the project GeoPackage to create (must not exist)": "要新建的项目 GeoPackage（不得已存在）",
    "GeoPackage to write (replaced if it exists)": "要写入的 GeoPackage（已存在则替换）",
    "random seed (1); the same seed gives the same project": "随机种子（1）；相同种子生成相同项目",
    "one county of about 700 villages, a city of nine counties (about 4,800), or a province of ten cities "
    "(about 50,000)": "规模：一个县（约700个村）、一个市（九个县，约4,800个村）或一个省（十个市，约50,000个村）",
    "the project GeoPackage": "项目 GeoPackage 文件",
    "project GeoPackage": "项目 GeoPackage 文件",
    "one of: villages, units, posts, key_sites, roads, boundaries, grids, grid_members, officers, assignments, "
    "plan_offices, plan_workstations, plan_assignment":
        "目标图层：villages、units、posts、key_sites、roads、boundaries、grids、grid_members、officers、"
        "assignments、plan_offices、plan_workstations、plan_assignment 之一",
    "Shapefile (.shp), GeoPackage, GeoJSON, CSV, XLSX or OpenStreetMap (.osm, .osm.pbf)":
        "数据文件：Shapefile（.shp）、GeoPackage、GeoJSON、CSV、XLSX 或 OpenStreetMap（.osm、.osm.pbf）",
    "text encoding (default: .cpg, else UTF-8 if valid, else GBK/GB18030)":
        "文字编码（默认读 .cpg，否则 UTF-8，不合法时 GBK/GB18030）",
    "coordinate system of the file: EPSG code, gcj02 or bd09": "文件的坐标系：EPSG 代码、gcj02 或 bd09",
    "take layer column TARGET (or lon/lat/wkt) from column SOURCE (header or number from 1)":
        "图层字段 TARGET（或 lon/lat/wkt）取自源字段 SOURCE（表头名或从 1 起的列号）",
    "give COLUMN this value in every imported row (e.g. --set station=S01)":
        "给每一导入行的 COLUMN 赋此值（如 --set station=S01）",
    "import only rows whose COLUMN has one of these values (e.g. --where level=town)":
        "只导入 COLUMN 取这些值的行（如 --where level=town）",
    "import the good rows, list the bad ones": "导入正确的行，列出有误的行",
    "replace the layer's rows instead of appending": "替换图层原有的行，而不是追加",
    "read only what lies in the project's county boundary (or this lon/lat box): for province-size files":
        "只读取项目县界内（或此经纬度范围内）的数据：适用于全省规模的文件",
    "villages without coordinates: place them by name against the places/POIs of FILE (the project's key sites "
    "and OSM places are always used)": "无坐标的村：按名称与 FILE 中的地名/兴趣点匹配定位（总会使用项目的重点部位和 OSM 地名）",
    "GeoPackage: which layer of FILE (default: the first)": "GeoPackage：读取 FILE 的哪个图层（默认第一个）",
    "XLSX: sheet name or number (default: the first)": "XLSX：工作表名称或序号（默认第一个）",
    "CSV/XLSX: the first row is data; columns are numbered 1, 2, ...": "CSV/XLSX：第一行即数据；列按 1、2、…编号",
    "CSV/XLSX: the first non-empty row is the header (default: detected)": "CSV/XLSX：第一个非空行是表头（默认自动判断）",
    "fewest villages per rural office ({n})": "每个农村警务室最少辖村数（{n}）",
    "most villages per rural office ({n})": "每个农村警务室最多辖村数（{n}）",
    "total number of offices (default: the fewest the rule allows)": "警务室总数（默认：规则允许的最少数量）",
    "keep the existing offices of the posts layer": "保留 posts 图层中现有的警务室",
    "no village farther than this from its office (km)": "任何村到其警务室的路程不超过此值（公里）",
    "response time: the fewest offices (5-8 villages each, per station) so that every village is within this "
    "many minutes of its office by road; the villages that cannot be are listed by name":
        "响应时间：使每个村经道路到其警务室都在此分钟数内所需的最少警务室数（每个警务室仍辖 5–8 个村，按派出所计），"
        "做不到的村按名称列出",
    "solver seconds for the whole project": "整个项目的求解时间上限（秒）",
    "offices every station gets at least ({n})": "每个派出所至少设警务室数（{n}）",
    "key-site categories an office may use, best first, comma separated (default village_office,service_center,"
    "culture_square,residential_compound,school,hospital)":
        "警务室可选址的重点部位类别，按优先顺序，逗号分隔（默认 village_office,service_center,culture_square,"
        "residential_compound,school,hospital）",
    "skip the offices-versus-distance curve": "不计算警务室数量与路程的权衡表",
    "outer ceiling in seconds for one station's office count; each stops when proven "
    "or after counted work, so the plan does not depend on the machine unless this "
    "ceiling is reached (default: 120 s + 2 s per village of the station)":
        "每个派出所每种警务室数求解时间的安全上限（秒）；证明最优或完成既定计算量即停，"
        "未触及此上限时方案与机器无关（默认：120 秒 + 该所每村 2 秒）",
    "offices a remote station gets at least ({n})": "偏远派出所至少设警务室数（{n}）",
    "every station gets --min-offices-per-station, not only the remote ones":
        "所有派出所（不只是偏远的）都至少设 --min-offices-per-station 个警务室",
    "LON,LAT of the new office": "新警务室的经度,纬度",
    "coordinate system of --at: EPSG code, gcj02 or bd09 (default EPSG:4490)":
        "--at 的坐标系：EPSG 代码、gcj02 或 bd09（默认 EPSG:4490）",
    "coverage distance in km ({n})": "覆盖距离（公里，{n}）",
    "also count coverage within this travel time": "同时统计此行车时间内的覆盖",
    "rebuild the road network instead of using the cached one": "重建路网，不用缓存",
    "take the station re-solved with this office into the plan (undoable in the window)":
        "把含此警务室重新求解的派出所方案写入规划（可在窗口中撤销）",
    "residents per urban officer ({n})": "城区每名民警服务人口（{n}）",
    "households per urban officer ({n})": "城区每名民警服务户数（{n}）",
    "residents per rural officer ({n})": "农村每名民警服务人口（{n}）",
    "population balance between a community's grids (0.10 = ±10%%)": "同一社区各警格之间的人口均衡容差（0.10 = ±10%%）",
    "seconds per community (default: counted work, the same grids on any machine)":
        "每个社区的计算时间（秒；默认按计算量计，任何机器上结果相同）",
    "worker processes (default: every core; 1 works in this process)": "工作进程数（默认每个核一个；1 表示在本进程内计算）",
    "run the tasks on a Dask cluster, e.g. tcp://host:8786 (the cluster extra)":
        "在 Dask 集群上运行任务，如 tcp://host:8786（需安装 cluster 附加组件）",
    "keep the assignments already made, fill in the rest": "保留已有的分配，只补齐其余",
    "seconds for the whole project": "整个项目的计算时间上限（秒）",
    "the county bureau's total of officers (民警), recorded for the station-share ratio":
        "县局民警总数（用于计算派出所民警占比并记入项目）",
    "one of: save, list, load, delete, compare, adopt": "操作：save（保存）、list（列出）、load（载入）、delete（删除）、"
                                                        "compare（比较）、adopt（采用）之一",
    "the version's name (compare: two names; current or 当前 is the current plan)":
        "方案版本名称（compare 需两个名称；current 或 当前 表示当前方案）",
    "save: a note kept with the version": "save：随版本保存的备注",
    "compare: also write the comparison to Excel": "compare：同时把比较结果写入 Excel",
    "offices a remote station has at least ({n})": "偏远派出所至少设警务室数（{n}）",
    "apply --min-offices to every station, not only the remote ones": "对所有派出所（不只是偏远的）适用 --min-offices",
    "the PDF to write": "要写入的 PDF 文件",
    "one page per ... (grid)": "每页一个……（grid 警格 / office 警务室 / station 派出所；默认 grid）",
    "page orientation (A4 portrait, A3 landscape)": "页面方向（A4 默认纵向，A3 默认横向）",
    "only this station (its overview and its pages)": "只打印此派出所（其总图和各页）",
    "only these grids": "只打印这些警格",
    "only these offices": "只打印这些警务室",
    "draw this basemap under the maps (an .mbtiles file or an XYZ URL template)": "在地图下绘制底图（.mbtiles 文件或 XYZ 网址模板）",
    "also write each page as a PNG into DIR": "同时把每页存为 PNG 图片到 DIR",
    "leave officer names and phones out": "不输出民警姓名和电话",
    "PDF resolution for map symbols ({n})": "PDF 中地图符号的分辨率（{n}）",
    "the HTML file to write": "要写入的 HTML 文件",
    "title shown on the map": "地图上显示的标题",
    "the Excel workbook to write": "要写入的 Excel 工作簿",
    "PNG file to write": "要写入的 PNG 文件",
    "window width in pixels (>= 1400)": "窗口宽度（像素，不小于 1400）",
    "window height in pixels (>= 900)": "窗口高度（像素，不小于 900）",
    "interface language": "界面语言",
    "which planning panel is in front": "显示在前面的规划面板",
    # ---------------------------------------------------------------- progress
    "saving": "正在保存",
    "done": "完成",
    "road network": "构建路网",
    "snapping points to roads": "把点吸附到道路",
    "building the plan layers": "生成规划图层",
    "siting offices, station {station}": "警务室选址：{station}",
    "road distances, station {station}": "计算路程：{station}",
    "community {community}": "划分社区警格：{community}",
    "rural grids": "划分农村警格",
    "assigning, station {station}": "分配警力：{station}",
    "checking the standards": "按标准检查",
    "writing the workbook": "写入工作簿",
    "building the web map": "生成网页地图",
    "drawing the map": "绘制地图",
    "reading {name}": "读取 {name}",
    "{n} rows added to {layer}": "已向 {layer} 添加 {n} 行",
    "counties and townships": "生成县和乡镇",
    "roads": "生成道路",
    "key sites and posts": "生成重点部位和警务站点",
    "project": "生成项目",
    # ---------------------------------------------------------------- results
    " (coordinate system {crs})": "（坐标系 {crs}）",
    "wrote {out}": "已写入 {out}",
    "wrote {out}: {pages} pages": "已写入 {out}：共 {pages} 页",
    "wrote {out} ({size} MB)": "已写入 {out}（{size} MB）",
    "wrote {out} ({width}x{height})": "已写入 {out}（{width}×{height}）",
    "wrote {out}: {sheets}": "已写入 {out}：{sheets}",
    "no pages: the project has no {what}s": "没有可打印的页：项目中没有{what}",
    "skipped {line}": "已跳过 {line}",
    "created the empty project {path}; import data with main.py import": "已新建空项目 {path}（用 main.py import 导入数据）",
    "{file}: {n} row{s} imported into {layer}": "{file}：已导入 {n} 行到图层 {layer}",
    ", {n} skipped": "，跳过 {n} 行",
    "skipped": "已跳过",
    "warning": "警告",
    "{file}: skipped: {line}": "{file}：已跳过：{line}",
    "{file}: warning: {line}": "{file}：警告：{line}",
    "... and {n} more {title} lines": "……另有 {n} 条{title}",
    "{offices} offices ({kept} existing), {workstations} workstations, {villages} villages; distances: {model}":
        "警务室 {offices} 个（保留现有 {kept} 个），警务工作站 {workstations} 个，行政村 {villages} 个；路程算法：{model}",
    "mean distance: {weighted} population-weighted, {plain} km per village; max {max} km; objective {objective}, "
    "bound {bound}, gap {gap}; {seconds} s":
        "平均路程：按人口加权 {weighted}，按村平均 {plain} 公里；最远 {max} 公里；目标值 {objective}，下界 {bound}，"
        "差距 {gap}；用时 {seconds} 秒",
    "unknown": "未知",
    "{n} villages of unknown population: weight 1 in the objective, left out of the weighted mean":
        "人口未知的村 {n} 个：目标中按 1 人计，不计入加权平均",
    "station": "派出所",
    "offices": "警务室",
    "villages": "行政村",
    "population": "人口",
    "mean km": "平均公里",
    "max km": "最远公里",
    "per village": "按村平均",
    "worse than fewer offices (the 5-8 rule forces it)": "比少一个警务室还差（5–8 村规则所致）",
    "... and {n} more exceptions (see --json)": "……另有 {n} 条例外（--json 列出全部）",
    "within {m} min": "{m}分钟内",
    "within {min} min: villages (people)": "{min}分钟内村（人口）",
    "min": "分钟",
    "villages (population) within 10 / 15 / 20 minutes of their office: {shares}":
        "到所属警务室 10 / 15 / 20 分钟内的村（人口）比例：{shares}",
    "proven the fewest": "已证明最少",
    "not proven the fewest in the time limit": "限时内未能证明最少",
    "response time {m} min: {n} villages cannot be reached within it ({proven}):":
        "响应时间 {m} 分钟：{n} 个村无法在此时间内到达（{proven}）：",
    "response time {m} min: every village within it ({proven})": "响应时间 {m} 分钟：所有村均可到达（{proven}）",
    "... and {n} more villages (see --json)": "……另有 {n} 个村（--json 列出全部）",
    "{n} assignments to grids the redraw removed were taken off (officers {officers}): "
    "run assign --keep-existing to give them grids":
        "重划后已不存在的警格的 {n} 条责任分配已撤下（民警/辅警 {officers}）：运行 assign --keep-existing 为他们分配警格",
    "{grids} grids ({urban} urban, {rural} rural), {officers} officers required, max deviation {deviation}, "
    "contiguous {contiguous}, mean Polsby-Popper {pp}, {exceptions} exceptions, {seconds} s":
        "警格 {grids} 个（城区 {urban} 个，农村 {rural} 个），应配警力 {officers} 人，最大人口偏差 {deviation}，"
        "全部连片：{contiguous}，平均紧凑度（Polsby-Popper）{pp}，例外 {exceptions} 条，用时 {seconds} 秒",
    "new office at {lon},{lat} (station {station}, {off} m off road), compared with the {what}":
        "新址 {lon},{lat}（{station}，离道路 {off} 米），对比{what}",
    "proposed plan": "选址方案",
    "existing offices": "现有警务室",
    "villages moving to it: {n}": "改由新址服务的村：{n} 个",
    "before": "新设前",
    "after": "新设后",
    "villages within {km} km": "{km} 公里内的村",
    "people within {km} km": "{km} 公里内的人口",
    "villages within {min} min": "{min} 分钟内的村",
    "new office": "新址警务室",
    "{office}: {before} -> {after} villages": "{office}：{before} → {after} 个村",
    "re-solved under the rule: not possible: {why}": "按规则重排：不可行：{why}",
    "station {station} re-solved under the rule ({offices} offices of {lo}-{hi} villages, the new office fixed, "
    "{seconds} s, gap {gap}):": "按规则重排{station}（警务室 {offices} 个，每个 {lo}–{hi} 村，新址固定，用时 {seconds} 秒，差距 {gap}）：",
    "the new office serves {n} villages: {names}": "新址服务 {n} 个村：{names}",
    "villages changing office: {n}": "换警务室的村：{n} 个",
    "station mean km": "派出所平均公里",
    "station max km": "派出所最远公里",
    "office sizes {sizes}, contiguous: {contiguous}": "各警务室村数 {sizes}，服务区连片：{contiguous}",
    "applied to the plan and saved": "已采纳并保存到方案",
    "evaluate --apply takes it into the plan": "用 evaluate --apply 采纳到方案",
    "wrote {path}: {villages} villages, {units} units, {posts} posts, {sites} key sites, {roads} road segments":
        "已写入 {path}：行政村 {villages} 个，楼栋单元 {units} 个，警务站点 {posts} 个，重点部位 {sites} 个，路段 {roads} 条",
    "yes": "是",
    "no": "否",
}
"""English message id -> Chinese. Placeholders in braces are filled by :func:`tr`; ids with
``%`` placeholders are argparse's own and are filled by argparse."""


def width(text: str) -> int:
    """Columns a text takes in a terminal (a Chinese character takes two)."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def pad(text: str, columns: int, right: bool = False) -> str:
    """``text`` padded to ``columns`` terminal columns (right-aligned with ``right``), so
    tables of Chinese and digits line up."""
    fill = " " * max(0, columns - width(text))
    return fill + text if right else text + fill


def detect(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language asked for: ``--lang X``/``--lang=X`` in ``argv``, else the environment
    (``GISDESK_LANG``, then ``LC_ALL``, ``LC_MESSAGES``, ``LANG``: English when it starts
    with ``en``), else Chinese."""
    for i, arg in enumerate(argv or ()):
        if arg == "--lang" and i + 1 < len(argv or ()):
            return _normal(argv[i + 1])  # type: ignore[index]
        if arg.startswith("--lang="):
            return _normal(arg.split("=", 1)[1])
    env = os.environ if environ is None else environ
    if env.get("GISDESK_LANG"):
        return _normal(env["GISDESK_LANG"])
    for key in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(key)
        if value:
            return "en" if value.lower().startswith("en") else "zh"
    return "zh"


def _normal(value: str) -> str:
    return "en" if value.lower().startswith("en") else "zh"


def set_language(language: str) -> None:
    global _language
    _language = _normal(language)


def language() -> str:
    return _language


def tr(text: str, **values) -> str:
    """``text`` (an English message id) in the current language, ``values`` filled in.

    Without ``values``, a text that is no id itself is matched against the ids with
    placeholders (a progress message a service formatted); unknown texts pass unchanged.
    """
    if _language == "en":
        return text.format(**values) if values else text
    if values:
        return ZH.get(text, text).format(**values)
    return chinese(text)


def chinese(text: str) -> str:
    """``text`` in Chinese whatever the current language (the workbook is a Chinese report):
    an id, or a formatted message matched against the ids with placeholders (a ``{reason}``
    inside is translated in turn); unknown texts pass unchanged."""
    if text in ZH:
        return ZH[text]
    found = by_template(text, _templates(), lambda name, value: chinese(value) if name == "reason" else value)
    return text if found is None else found


def by_template(text: str, templates: list[tuple[re.Pattern, str]],
                part: Callable[[str, str], str | None]) -> str | None:
    """The translation of the first of ``templates`` that ``text`` matches, each matched
    ``{name}`` filled with ``part(name, value)``; a part of None rejects that template (the
    next is tried); None when none matches."""
    for pattern, template in templates:
        m = pattern.match(text)
        if m:
            values = {k: part(k, v) for k, v in m.groupdict().items()}
            if all(v is not None for v in values.values()):
                return template.format(**values)
    return None


@lru_cache(maxsize=1)
def _templates() -> list[tuple[re.Pattern, str]]:
    return compile_templates(ZH)


def compile_templates(table: Mapping[str, str]) -> list[tuple[re.Pattern, str]]:
    """(regex of an id with ``{name}`` placeholders, its translation) for every such id
    of ``table``, the ids with the most fixed text first (the most specific wins)."""
    out = []
    for key, value in table.items():
        names = re.findall(r"\{(\w+)\}", key)
        if not names:
            continue
        parts = re.split(r"\{\w+\}", key)
        regex = "".join(re.escape(p) + (f"(?P<{n}>.+?)" if k < len(names) else "")
                        for k, (p, n) in enumerate(zip(parts, [*names, ""], strict=True)))
        out.append((re.compile(f"^{regex}$", re.S), value, len("".join(parts))))
    return [(p, v) for p, v, _ in sorted(out, key=lambda t: -t[2])]


def install_argparse() -> None:
    """argparse's own words (usage, options, its errors) through :func:`tr`."""
    import argparse

    argparse._ = tr  # type: ignore[attr-defined]


def translate_parser(parser) -> None:
    """Every description and option help of ``parser`` and its sub-commands through :func:`tr`.

    Option helps that show a default are ids with ``{n}``: ``"fewest villages per rural
    office (5)"`` matches ``"fewest villages per rural office ({n})"``.
    """
    import argparse

    if _language == "en":
        return
    if parser.description:
        parser.description = tr(parser.description)
    for action in parser._actions:
        if action.help and action.help is not argparse.SUPPRESS:
            action.help = tr(action.help)
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                choice.help = tr(choice.help) if choice.help else choice.help
            for sub in set(action.choices.values()):
                translate_parser(sub)
