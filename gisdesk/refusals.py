"""A refusal (:class:`layers.errors.GisdeskError`) as the one line the user reads, in the
user's language (:func:`gisdesk.messages.language`).

The data model says what is wrong with a machine-readable code, the place (file, layer,
row, field) and a short English reason, so that it stays free of user-facing language.
Here the place becomes the frame of the line (``villages.csv：图层 villages（行政村）：第 2 行：
字段 population：…``) and the reason is matched against the English reasons below, whose
``{name}`` placeholders carry the values through. A reason made of several (``row 2: …;
row 5: …``) is translated part by part; a reason not listed stays English inside the
Chinese frame. In English the line is the error's own :meth:`GisdeskError.line`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from gisdesk.messages import by_template, compile_templates, language
from layers.errors import GisdeskError

REASONS_ZH: dict[str, str] = {
    # ------------------------------------------------------------ values of a row
    "{label} is empty (expected {choices})": "{label} 为空（应为 {choices}）",
    "{label} is {value} (expected {choices})": "{label} 为 {value}（应为 {choices} 之一）",
    "{label} is empty (unknown, stored empty)": "{label} 为空（视为未知，存为空值）",
    "{label} is empty (taken as 0)": "{label} 为空（按 0 计）",
    "{label} is empty": "{label} 为空",
    "{label} is {value}, not a number": "{label} 为 {value}，不是数字",
    "{label} is {value}, not a whole number": "{label} 为 {value}，不是整数",
    "{label} is {value}, more than {limit}": "{label} 为 {value}，超过 {limit}，不合常理",
    "{label} is {value}, not yes/no": "{label} 为 {value}，不是“是/否”",
    "{label} is -{value}": "{label} 为 -{value}，不能为负数",
    "{label} {value} is also in row {row}": "{label} {value} 与第 {row} 行重复",
    "{label} {value} is already in layer {layer} (use --replace to replace it)":
        "{label} {value} 已在图层 {layer} 中（用 --replace 替换原有数据）",
    "{label} is {value}, not a number (read as unknown)": "{label} 为 {value}，不是数字（按未知读取）",
    "{label} is {value}, not a number (read as {zero})": "{label} 为 {value}，不是数字（按 {zero} 读取）",
    "{label} holds binary data, not a number (read as unknown)": "{label} 存的是二进制数据，不是数字（按未知读取）",
    "{label} holds binary data, not a number (read as {zero})": "{label} 存的是二进制数据，不是数字（按 {zero} 读取）",
    "{label} is stored as text {value} (read as {number})": "{label} 以文本存储：{value}（按 {number} 读取）",
    "{label} is not WKT geometry": "{label} 不是 WKT 几何图形",
    "{label} {value}: the project has no stations yet (import the posts first)":
        "{label} {value}：项目中还没有派出所（请先导入 posts 警务站点）",
    "{label} {value} matches no station of the project": "{label} {value} 不是本项目的派出所",
    "{label} {value} is not a post of the project (the person counts at the station)":
        "{label} {value} 不是本项目的警务站点（此人计入派出所）",
    "{label}: {value} is not one of {choices}": "{label}：{value} 不是 {choices} 之一",
    "{label} may not be empty": "{label} 不能为空",
    "{label} {value} is already used": "{label} {value} 已被使用",
    "{label}: {value} is not yes or no": "{label}：{value} 不是“是/否”",
    "{label}: {value} is not a number": "{label}：{value} 不是数字",
    "{label} may not be negative": "{label} 不能为负数",
    "{label}: {value} is not a whole number": "{label}：{value} 不是整数",
    "no column for {label}": "缺少 {label} 列",
    "no column for {label} (unknown, stored empty)": "缺少 {label} 列（视为未知，存为空值）",
    "no column for {label} (all 0)": "缺少 {label} 列（全部按 0）",
    "no column for {label} (all false)": "缺少 {label} 列（全部为“否”）",
    "not a number": "不是数字",
    "no coordinates": "没有坐标",
    "no geometry": "没有几何图形",
    "geometry is a {kind}, layer {layer} holds {kinds}": "几何类型为 {kind}，图层 {layer} 只接受 {kinds}",
    "location cannot be converted to longitude/latitude (wrong coordinate system?)":
        "位置无法换算为经纬度（坐标系不对？）",
    "invalid geometry ({why})": "几何图形无效（{why}）",
    "location {place} is outside China (wrong coordinate system or swapped lon/lat?)":
        "位置 {place} 在中国境外（坐标系不对，或经纬度颠倒？）",
    "village lies outside every police-station boundary": "该村不在任何派出所辖区内",
    "no coordinate system declared: longitude/latitude taken as CGCS2000 (EPSG:4490)":
        "未声明坐标系：按 CGCS2000 经纬度（EPSG:4490）读取",
    "{layout} layout: coordinates taken as {crs} (Amap)": "{layout} 格式：坐标按 {crs}（高德）读取",
    "no header row recognised: columns are numbered 1, 2, ...": "未识别出表头行：各列按 1、2、… 编号",
    "the file declares {declared}; --crs {used} used instead": "文件声明的坐标系为 {declared}；已按 --crs {used} 读取",
    "the .cpg says UTF-8 but the text is not; read as GBK (GB18030)": ".cpg 声明为 UTF-8，但文字并非 UTF-8：已按 GBK（GB18030）读取",
    "read layer {layer} of {n} (choose with --source-layer: {layers})": "读取了 {n} 个图层中的 {layer}（用 --source-layer 选择：{layers}）",
    "area_type of {n} township rows taken from their names (街道 urban, 乡/镇 rural)":
        "{n} 个乡镇行的城乡类型按名称判断（街道为城区，乡/镇为农村）",
    "{n} station names replaced by their codes": "{n} 个派出所名称已换为其代码",
    "{n} {column} names replaced by their codes": "{n} 个 {column} 名称已换为其代码",
    "{target} taken from {source} (also found {others})": "{target} 取自 {source} 列（另有 {others}）",
    "{target} taken from {source} (a shapefile name cut to 10 bytes)": "{target} 取自 {source} 列（Shapefile 字段名截为 10 字节）",
    "rows above {row} taken as titles, row {row2} as the header": "第 {row} 行以上按标题读取，第 {row2} 行为表头",
    "{place} is just outside China (a county on the border?)": "{place} 略在中国境外（边境县？）",
    # ------------------------------------------------------------ several rows
    "(and {n} more bad rows)": "（另有 {n} 行有误）",
    "(and {n} more problems)": "（另有 {n} 处问题）",
    "--skip-invalid imports the other rows": "加 --skip-invalid 可只导入其余正确的行",
    # ------------------------------------------------------------ files
    "file not found": "文件不存在",
    "project not found": "项目不存在",
    "file is a folder": "是文件夹，不是文件",
    "project is a folder": "是文件夹，不是项目文件",
    "is a folder, not a file": "是文件夹，不是文件",
    "is a folder, not a file name": "是文件夹，不是文件名",
    "is a folder": "是文件夹",
    "permission denied": "没有读取权限",
    "folder does not exist": "文件夹不存在",
    "project not found (a new project file must end in .gpkg)": "项目不存在（新项目文件须以 .gpkg 结尾）",
    "the project file name must end in .gpkg": "项目文件名须以 .gpkg 结尾",
    "the project already exists; import into it or choose another name": "项目已存在（可向其中导入数据，或换一个文件名）",
    "a project file ends in .gpkg": "项目文件须以 .gpkg 结尾",
    "cannot write here ({why})": "无法在此写入（{why}）",
    "cannot write ({why})": "无法写入（{why}）",
    "cannot create the folder ({why})": "无法创建文件夹（{why}）",
    "cannot write in this folder ({why})": "无法在此文件夹写入（{why}）",
    "cannot write in this folder": "无法在此文件夹写入",
    "the project is open for writing in another program{who}": "项目正被另一个程序打开并写入{who}",
    "saving failed ({why})": "保存失败（{why}）",
    "the project has no file name yet": "项目还没有文件名",
    "cannot read the GeoPackage ({why})": "无法读取该 GeoPackage（{why}）",
    "not a GeoPackage (not an SQLite file)": "不是 GeoPackage 文件（不是 SQLite 文件）",
    "damaged GeoPackage ({why})": "GeoPackage 已损坏（{why}）",
    "SQLite file without GeoPackage tables": "SQLite 文件中没有 GeoPackage 表",
    "cannot read: {why}": "无法读取：{why}",
    "layer is missing": "缺少该图层",
    "the file has no data rows": "文件中没有数据行",
    "the file is empty": "文件是空的",
    "line {n}: {why}": "第 {n} 行：{why}",
    "not a readable Excel .xlsx file ({why})": "不是可读取的 Excel .xlsx 文件（{why}）",
    "cannot read the sheet ({why})": "无法读取工作表（{why}）",
    "old Excel .xls: save it as .xlsx first": "旧版 Excel .xls 文件：请先另存为 .xlsx",
    "unsupported file type {suffix} (use .shp, .gpkg, .geojson, .csv, .xlsx, .osm or .osm.pbf)":
        "不支持的文件类型 {suffix}（请用 .shp、.gpkg、.geojson、.csv、.xlsx、.osm 或 .osm.pbf）",
    "not a shapefile (bad .shp header)": "不是 Shapefile（.shp 文件头有误）",
    "the .dbf attribute file is missing": "缺少 .dbf 属性文件",
    "the .shx index file is missing": "缺少 .shx 索引文件",
    "the .dbf attribute file is damaged (bad header)": "属性文件 .dbf 已损坏（文件头有误）",
    "cannot read the shapefile ({why})": "无法读取该 Shapefile（{why}）",
    "the attribute text is not valid {encoding}; give the right --encoding":
        "属性文字不是有效的 {encoding} 编码；请用 --encoding 指定正确的编码",
    "the bytes at offset {n} are not valid {encoding}; try --encoding":
        "偏移 {n} 处的字节不是有效的 {encoding} 编码；请尝试 --encoding",
    "the GeoPackage has no layers": "该 GeoPackage 中没有图层",
    "cannot read layer {layer} ({why})": "无法读取图层 {layer}（{why}）",
    "not GeoJSON (does not start with '{')": "不是 GeoJSON 文件（不以“{{”开头）",
    "broken GeoJSON ({why})": "GeoJSON 文件有误（{why}）",
    "bzip2-compressed OSM: unpack it first (.osm or .osm.pbf)": "bzip2 压缩的 OSM 文件：请先解压（.osm 或 .osm.pbf）",
    "cannot read the OpenStreetMap file ({why})": "无法读取该 OpenStreetMap 文件（{why}）",
    "OpenStreetMap files go into roads, villages, key_sites or posts, not {layer}":
        "OpenStreetMap 文件只能导入 roads、villages、key_sites 或 posts，不能导入 {layer}",
    "the OpenStreetMap layer has no geometries": "该 OpenStreetMap 图层没有几何图形",
    "OpenStreetMap {kind} belong in layer {wanted}, not {layer}": "OpenStreetMap 的 {kind} 应导入图层 {wanted}，而不是 {layer}",
    "no coordinate system declared and the coordinates are not longitude/latitude; give one with --crs (e.g. --crs 4527)":
        "文件未声明坐标系，坐标也不是经纬度；请用 --crs 指定（如 --crs 4527）",
    "the coordinates are not longitude/latitude although the file says {crs}; give the right one with --crs "
    "(e.g. --crs 4527)": "文件声明为 {crs}，但坐标不是经纬度；请用 --crs 指定正确的坐标系（如 --crs 4527）",
    "no coordinates: the file has no longitude/latitude (经度/纬度, lon/lat) or WKT column; name them with "
    "--field lon=COLUMN --field lat=COLUMN": "没有坐标：文件中没有经度/纬度（lon/lat）或 WKT 列；请用 --field "
                                             "lon=列名 --field lat=列名 指定",
    "no coordinates: the file has no longitude/latitude (经度/纬度, lon/lat) or WKT column; name them with "
    "--field lon=COLUMN --field lat=COLUMN; or place the villages by name: import OpenStreetMap places/POIs "
    "(key_sites) first, or name such a file with --match FILE":
        "没有坐标：文件中没有经度/纬度（lon/lat）或 WKT 列；请用 --field lon=列名 --field lat=列名 指定，"
        "或按村名定位：先导入 OpenStreetMap 地名/兴趣点（key_sites），或用 --match 文件 指定这样的文件",
    "layer {layer} needs a column for {column}; name it with --field {a}=COLUMN or give every row one value "
    "with --set {b}=VALUE": "图层 {layer} 需要 {column} 列；请用 --field {a}=列名 指定，或用 --set {b}=值 给每行同一值",
    "no layer {layer} (layers: {names})": "没有图层 {layer}（可用图层：{names}）",
    "no data rows to import": "没有可导入的数据行",
    "no data rows to import after --where": "按 --where 筛选后没有可导入的数据行",
    "no data rows to import after --clip": "按 --clip 裁剪后没有可导入的数据行",
    "no data rows to import after --where after --clip": "按 --where 筛选、--clip 裁剪后没有可导入的数据行",
    "no data rows to import for layer {layer} ({why})": "没有可导入图层 {layer} 的数据行（{why}）",
    "--match: no named places or POIs to match against ({why})": "--match：没有可供匹配的地名或兴趣点（{why}）",
    "--clip county: 项目中还没有县界 (the project has no county boundary yet: import one into boundaries first, "
    "or give a box MINX,MINY,MAXX,MAXY)": "--clip county：项目中还没有县界（请先导入 boundaries 县界，"
                                          "或给出范围 MINX,MINY,MAXX,MAXY）",
    # ------------------------------------------------------------ options
    "{option}: expected {what}, got {value}": "{option}：应为 {what}，实际为 {value}",
    "{option}: the box {box} is empty (min must be below max)": "{option}：范围 {box} 为空（最小值须小于最大值）",
    "{option}: column {n} does not exist (the file has {m} columns)": "{option}：第 {n} 列不存在（文件共 {m} 列）",
    "{option}: no column {name} (columns: {names})": "{option}：没有 {name} 列（现有列：{names}）",
    "{option}: layer {layer} has no column {name} (columns: {names})": "{option}：图层 {layer} 没有 {name} 列（可用列：{names}）",
    "{option}: layer {layer} has no column {name}": "{option}：图层 {layer} 没有 {name} 列",
    "{option}: no sheet {name} (sheets: {names})": "{option}：没有工作表 {name}（现有工作表：{names}）",
    "{option}: no layer {name} (layers: {names})": "{option}：没有图层 {name}（现有图层：{names}）",
    "{option}: unknown encoding {name}": "{option}：未知的编码 {name}",
    "{option}: unknown coordinate system {name} (use an EPSG code such as 4490 or 4527, gcj02 or bd09)":
        "{option}：未知的坐标系 {name}（请用 EPSG 代码如 4490 或 4527，或 gcj02、bd09）",
    "{option} must end in {suffix}": "{option} 须以 {suffix} 结尾",
    "{option} is a folder": "{option} 是文件夹",
    "{option} is the project itself": "{option} 就是项目文件本身",
    "{option} is a file, not a folder": "{option} 是文件，不是文件夹",
    "{option}: file not found": "{option}：文件不存在",
    "{option}: cannot use it ({why})": "{option}：无法使用（{why}）",
    "must be positive, got {value}": "须为正数，实际为 {value}",
    "must be zero or more, got {value}": "须大于或等于 0，实际为 {value}",
    "must be 0 or more, got {value}": "须大于或等于 0，实际为 {value}",
    "must be at least 1, got {value}": "至少为 1，实际为 {value}",
    "must be 1 or more, got {value}": "至少为 1，实际为 {value}",
    "must be a positive whole number, got {value}": "须为正整数，实际为 {value}",
    "must be a share between 0 and 1, got {value}": "须为 0 到 1 之间的比例，实际为 {value}",
    "must be between 0 and 1, got {value}": "须在 0 到 1 之间，实际为 {value}",
    "must be between {lo} and {hi}, got {value}": "须在 {lo} 到 {hi} 之间，实际为 {value}",
    "must be a whole number, zero or more, got {value}": "须为大于或等于 0 的整数，实际为 {value}",
    "must be a positive number of km, got {value}": "须为正数（公里），实际为 {value}",
    "must be a positive number of minutes, got {value}": "须为正数（分钟），实际为 {value}",
    "must be a positive number of seconds, got {value}": "须为正数（秒），实际为 {value}",
    "{max} is below the minimum of {min} villages": "{max} 小于最少辖村数 {min}",
    "give either --offices or --cover-minutes (the fewest offices within the minutes), not both":
        "--offices 与 --cover-minutes（在此分钟数内所需最少警务室）只能给一个",
    "unknown category {names}; use {choices}": "未知的类别 {names}；可用：{choices}",
    "is empty": "为空",
    "not used with a scheduler (the cluster has its own workers)": "使用集群调度器时不适用（集群有自己的工作进程）",
    "needs Dask distributed: pip install 'gisdesk[cluster]'": "需要 Dask distributed：pip install 'gisdesk[cluster]'",
    "cannot reach the Dask scheduler at {address} ({why})": "无法连接 Dask 调度器 {address}（{why}）",
    "{option}: no {kind} {code} in the project": "{option}：项目中没有 {kind} {code}",
    "no grid {code} in the project": "项目中没有警格 {code}",
    "no station {code} in the project": "项目中没有派出所 {code}",
    "no office {code} in the project": "项目中没有警务室 {code}",
    "{option}: {value} is not a place in this coordinate system (longitude -180 to 180, latitude -90 to 90)":
        "{option}：{value} 在此坐标系中不是有效位置（经度 -180 至 180，纬度 -90 至 90）",
    "{option}: {value} is {km} km from the nearest village of the project": "{option}：{value} 距项目最近的村 {km} 公里",
    "{option}: only plan compare writes a file": "{option}：只有 plan compare 会写文件",
    "plan {action} takes {what}, got {n}": "plan {action} 需要 {what}，实际给了 {n} 个",
    "the window must be at least {size}": "窗口至少须为 {size}",
    "cannot write the PNG": "无法写入 PNG 文件",
    # ------------------------------------------------------------ the project's content
    "no villages to evaluate against": "没有可供评估的村",
    "no units and no villages to make grids of": "没有可划分警格的楼栋单元或村",
    "the project has no grids: draw them first (grids)": "项目中还没有警格：请先划分警格（grids）",
    "the project has no officers: import the roster first (import PROJECT officers FILE)":
        "项目中还没有民警辅警：请先导入名册（import 项目 officers 文件）",
    "there is no plan to save (run site first)": "没有可保存的方案（请先运行 site 选址）",
    "no plan version named {name} (versions: {names})": "没有名为 {name} 的方案版本（现有版本：{names}）",
    "no plan version named {name} (versions: none saved)": "没有名为 {name} 的方案版本（尚未保存任何方案版本）",
    "NAME: a plan version needs a name": "NAME：方案版本需要名称",
    "NAME: {name} is the word for the current plan; choose another name": "NAME：{name} 表示当前方案；请换一个名称",
    "a plan version named {name} is already saved": "已保存过名为 {name} 的方案版本",
    "no proposed office {code}": "方案中没有警务室 {code}",
    "village {name} is not in the plan": "村 {name} 不在方案中",
    "village {name} is already served by {office}": "村 {name} 已由 {office} 服务",
    "village {name} hosts its office ({office}): move the office instead": "村 {name} 是警务室 {office} 的所在村：请改为移动警务室",
    "no key site {code}": "没有重点部位 {code}",
    "{officer} is not in the roster": "{officer} 不在名册中",
    "no grid {grid}": "没有警格 {grid}",
    "{officer} is not at work": "{officer} 不在岗",
    "{officer} belongs to station {station}, grid {grid} to {other}": "{officer} 属于 {station}，警格 {grid} 属于 {other}",
    "grid {grid} has no units": "警格 {grid} 没有楼栋单元",
    "grid {grid} is locked": "警格 {grid} 已锁定",
    "grid {grid} has no unlocked neighbour": "警格 {grid} 没有未锁定的相邻警格",
    "grid {grid}: {why}": "警格 {grid}：{why}",
    "unit {unit} is not in the project": "楼栋单元 {unit} 不在项目中",
    "unit {unit} belongs to another community than grid {grid}": "楼栋单元 {unit} 与警格 {grid} 不属于同一社区",
    "cannot merge a grid with itself": "不能把警格与自身合并",
    "grids {a} and {b} are not neighbours": "警格 {a} 与 {b} 不相邻",
    # ------------------------------------------------------------ requests the algorithms refuse
    "p = {p} exceeds the {m} candidate sites": "警务室数 {p} 超过候选地点数 {m}",
    "unit {unit} has population {n}, above the district maximum {hi}": "单元 {unit} 人口 {n}，超过每格上限 {hi}",
    "unit {unit} has population {n}, above the half-district maximum {hi}": "单元 {unit} 人口 {n}，超过半格上限 {hi}",
    "district {d} is not contiguous ({n} pieces); cannot split it": "区块 {d} 不连片（{n} 块），无法拆分",
    "the road network has no roads to snap to": "路网中没有可吸附的道路",
    "every road needs a positive speed": "每条道路的车速须为正数",
    "the project has no villages to site offices for": "项目中没有可选址的村",
    "there are no rural villages to evaluate against": "没有可供评估的农村行政村",
    "station {station} has no rural villages": "{station} 没有农村行政村",
    "station {station}: {n} fixed offices cannot each serve {lo} of its {m} rural villages":
        "{station}：{n} 个固定警务室无法各服务 {lo} 个村（该所共有农村行政村 {m} 个）",
    "there is no plan to take the office into: run site first": "没有可采纳此警务室的方案：请先运行 site 选址",
    "{option}: {value} is not a longitude,latitude": "{option}：{value} 不是经度,纬度",
    "{option}: no village can reach this point over the road network": "{option}：没有村能经路网到达此点",
    "the {lo}-{hi} rule allows {a} to {b} offices for this project ({n} of them urban)":
        "按每个警务室 {lo}–{hi} 个村的规则，本项目可设 {a}–{b} 个警务室（其中城区 {n} 个）",
    "{option} must be a positive number of km (got {value})": "{option} 须为正数（公里），实际为 {value}",
    "{option} must be a positive number of minutes (got {value})": "{option} 须为正数（分钟），实际为 {value}",
    # ------------------------------------------------------------ the frame's own words
    "invalid request": "无效的请求",
    "out of memory; nothing was changed": "内存不足；未做任何改动",
    "internal error: {why}": "内部错误：{why}",
}
"""English reason -> Chinese. ``{option}``, ``{label}`` and the like carry values through;
a placeholder named ``why`` is translated again (a reason inside a reason)."""

_NESTED = ("why",)
_ALTERNATIVES = ("choices", "kinds")  # "rural or urban" -> "rural 或 urban"
_ROW = re.compile(r"^row (\d+): (.*)$", re.S)
_LAYER = re.compile(r"^layer (\w+): (.*)$", re.S)
_OPTION = re.compile(r"^(--[\w-]+(?:/--[\w-]+)?): (.*)$", re.S)
_MORE = re.compile(r"^(.*?) (\(and \d+ more (?:bad rows|problems)\))$", re.S)
_PREFIX = re.compile(r"^([^:：;]{1,60}): (.+)$", re.S)


def refusal_line(exc: GisdeskError) -> str:
    """The one line for ``exc``: English as :meth:`GisdeskError.line`, otherwise the place
    in Chinese words and the reason translated."""
    if language() == "en":
        return exc.line()
    message, row = exc.message, exc.row
    if row is None:
        m = _ROW.match(message)
        if m:
            row, message = int(m.group(1)), m.group(2)
    parts = [exc.file] if exc.file else []
    if exc.layer:
        parts.append(_layer_words(exc.layer))
    if row is not None:
        parts.append(f"第 {row} 行")
    if exc.field and not message.startswith((f"{exc.field} ", f"{exc.field}:", f"--{exc.field}")):
        parts.append(f"字段 {exc.field}")
    text = reason(message)
    return "：".join([*parts, text]) if parts else text


def reason(text: str) -> str:
    """An English reason in the current language; parts it cannot match stay English."""
    if language() == "en":
        return text
    return _reason(text.strip(), 0)


def chinese_reason(text: str) -> str:
    """An English reason in Chinese whatever the current language (``check`` words its
    findings in Chinese); parts it cannot match stay English."""
    return _reason(text.strip(), 0)


def _reason(text: str, depth: int) -> str:
    if "; " not in text:
        return _part(text, depth)
    whole = None if _ROW.match(text) or _LAYER.match(text) else _match(text, depth)
    if whole is not None:
        return whole
    return "；".join(_part(p, depth) for p in text.split("; "))


def _part(text: str, depth: int) -> str:
    row = _ROW.match(text)
    if row:
        return f"第 {row.group(1)} 行：{_part(row.group(2), depth)}"
    layer = _LAYER.match(text)
    if layer:
        return f"{_layer_words(layer.group(1))}：{_part(layer.group(2), depth)}"
    option = _OPTION.match(text)
    rest = _match(option.group(2), depth) if option else None
    if rest is not None:
        return f"{option.group(1)}：{rest}"  # type: ignore[union-attr]
    more = _MORE.match(text)
    if more:
        return _part(more.group(1), depth) + (_match(more.group(2), depth) or more.group(2))
    found = _match(text, depth)
    if found is not None:
        return found
    prefix = _PREFIX.match(text)
    if prefix and depth < 3:
        return f"{prefix.group(1)}：{_part(prefix.group(2), depth + 1)}"
    return text


def _match(text: str, depth: int) -> str | None:
    if text in REASONS_ZH and not re.search(r"\{\w+\}", text):
        return REASONS_ZH[text].format()

    def part(name: str, value: str) -> str | None:
        if name in _NESTED:
            return _reason(value, depth + 1) if depth < 3 else value
        if "; " in value:
            return None
        return value.replace(" or ", " 或 ") if name in _ALTERNATIVES else value

    return by_template(text, _templates(), part)


@lru_cache(maxsize=1)
def _templates():
    return compile_templates(REASONS_ZH)


def _layer_words(layer: str) -> str:
    """``图层 villages（行政村）``: the layer's name as stored, with its Chinese title."""
    from layers.schema import LAYERS

    schema = LAYERS.get(layer)
    title = schema.title_zh if schema is not None else ""
    return f"图层 {layer}（{title}）" if title else f"图层 {layer}"
