<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>App</name>
    <message>
        <location filename="../../gisdesk/ui/app.py" line="64" />
        <source>Internal error, the action was not completed: {error}</source>
        <translation>内部错误，操作未完成：{error}</translation>
    </message>
</context><context>
    <name>AttributeTable</name>
    <message>
        <location filename="../../gisdesk/ui/attribute_table.py" line="240" />
        <source>Filter rows…</source>
        <translation>筛选行…</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/attribute_table.py" line="265" />
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/attribute_table.py" line="311" />
        <source>{shown} of {total} rows</source>
        <translation>显示 {shown} / 共 {total} 行</translation>
    </message>
</context><context>
    <name>EvaluatePanel</name>
    <message>
        <location filename="../../gisdesk/ui/evaluate_panel.py" line="38" />
        <source>Choose the evaluate tool and click a place or a key site on the map.</source>
        <translation>选择“评估新址”工具，在地图上点击一个位置或重点部位。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/evaluate_panel.py" line="41" />
        <source>Pick a location</source>
        <translation>在地图上选点</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/evaluate_panel.py" line="49" />
        <source>Covered within</source>
        <translation>覆盖半径</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/evaluate_panel.py" line="52" />
        <source>Before</source>
        <translation>之前</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/evaluate_panel.py" line="52" />
        <source>After</source>
        <translation>之后</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/evaluate_panel.py" line="52" />
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/evaluate_panel.py" line="53" />
        <source>Mean km</source>
        <translation>平均距离(公里)</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/evaluate_panel.py" line="53" />
        <source>Max km</source>
        <translation>最远距离(公里)</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/evaluate_panel.py" line="54" />
        <source>Villages covered</source>
        <translation>覆盖村数</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/evaluate_panel.py" line="54" />
        <source>Population covered</source>
        <translation>覆盖人口</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/evaluate_panel.py" line="61" />
        <source>Accept</source>
        <translation>采纳</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/evaluate_panel.py" line="63" />
        <source>Take the station re-solved with this office into the plan (undoable)</source>
        <translation>把按此新址重排的派出所纳入方案（可撤销）</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/evaluate_panel.py" line="72" />
        <source>Villages that would move to the new office</source>
        <translation>将改由新警务室服务的村</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/evaluate_panel.py" line="93" />
        <source>Evaluating {where}…</source>
        <translation>正在评估 {where}…</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/evaluate_panel.py" line="94" />
        <source>Evaluating a new office</source>
        <translation>评估新警务室</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/evaluate_panel.py" line="100" />
        <source>A new office at {where} (station {station}): {n} villages would move to it.</source>
        <translation>在 {where}（派出所 {station}）新设警务室：将有 {n} 个村改由其服务。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/evaluate_panel.py" line="105" />
        <source>It would serve {v} villages, {p:,} residents.</source>
        <translation>新警务室将服务 {v} 个村、{p:,} 人。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/evaluate_panel.py" line="133" />
        <source>Under the villages-per-office rule: not possible ({why}).</source>
        <translation>按每室村数的规则：不可行（{why}）。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/evaluate_panel.py" line="135" />
        <source>Under the rule of {lo}-{hi} villages per office, station {station} re-solved with this office ({offices} offices, sizes {sizes}): it serves {n} villages; {moved} villages change office; station mean {mb:.2f} → {ma:.2f} km, max {xb:.2f} → {xa:.2f} km.</source>
        <translation>按每室 {lo}–{hi} 村的规则，以此新址重排派出所 {station}（{offices} 个警务室，各服务 {sizes} 个村）：新址服务 {n} 个村；{moved} 个村改变所属警务室；全所平均路程 {mb:.2f} → {ma:.2f} 公里，最远 {xb:.2f} → {xa:.2f} 公里。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/evaluate_panel.py" line="154" />
        <source>Accept evaluated office</source>
        <translation>采纳评估的新址</translation>
    </message>
</context><context>
    <name>FileController</name>
    <message>
        <location filename="../../gisdesk/ui/files.py" line="39" />
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/files.py" line="40" />
        <source>The project has changes that are not saved. Save them?</source>
        <translation>项目有尚未保存的修改。是否保存？</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/files.py" line="55" />
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/files.py" line="64" />
        <source>Empty project {name} created: add your data with File → Import data…</source>
        <translation>已新建空项目 {name}：请用 文件 → 导入数据… 添加数据</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/files.py" line="71" />
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/files.py" line="108" />
        <source>Opening {name}</source>
        <translation>正在打开 {name}</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/files.py" line="117" />
        <source>Damaged project</source>
        <translation>项目文件已损坏</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/files.py" line="118" />
        <source>{message}

Open what can still be read? The damaged file is not changed; you will be asked for a new file name when saving.</source>
        <translation>{message}

是否打开仍可读取的内容？损坏的文件不会被修改；保存时将要求输入新的文件名。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/files.py" line="167" />
        <location filename="../../gisdesk/ui/files.py" line="132" />
        <source>Recover unsaved work</source>
        <translation>恢复未保存的工作</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/files.py" line="133" />
        <source>Work on this project was not saved when the program last ended (autosave of {time}). Recover it?</source>
        <translation>程序上次退出时，此项目的修改尚未保存（自动保存于 {time}）。是否恢复？</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/files.py" line="147" />
        <source>Recovered from the autosave; save to keep it.</source>
        <translation>已从自动保存恢复；请保存以保留。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/files.py" line="168" />
        <source>An unsaved new project was autosaved at {time} before the program ended. Recover it?</source>
        <translation>程序退出前，一个未保存的新项目已于 {time} 自动保存。是否恢复？</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/files.py" line="186" />
        <source>Some layers could not be read:</source>
        <translation>以下图层无法读取：</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/files.py" line="189" />
        <source>{layer} row {n}: {text}</source>
        <translation>{layer} 第 {n} 行：{text}</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/files.py" line="191" />
        <source>... and {n} more</source>
        <translation>……另有 {n} 处</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/files.py" line="192" />
        <source>Number columns holding something that is not a number (each line says how it is read; fix them before planning):</source>
        <translation>数值字段存有非数字内容（每条注明按何读取，请先修正再规划）：</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/files.py" line="196" />
        <source>Problems in the project</source>
        <translation>项目中的问题</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/files.py" line="205" />
        <source>Save project as</source>
        <translation>项目另存为</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/files.py" line="239" />
        <source>Saving {name}</source>
        <translation>正在保存 {name}</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/files.py" line="268" />
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/files.py" line="302" />
        <source>Import report</source>
        <translation>导入报告</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/files.py" line="310" />
        <source>Villages without a location</source>
        <translation>未定位的村</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/files.py" line="311" />
        <source>{n} villages could not be placed by their names (ambiguous or not found) and were not imported. Place them now by clicking on the map, one after another?</source>
        <translation>有 {n} 个村无法按名称定位（有歧义或未找到），未导入。现在在地图上逐个点击定位吗？</translation>
    </message>
</context><context>
    <name>FindingsPanel</name>
    <message>
        <location filename="../../gisdesk/ui/findings_panel.py" line="58" />
        <source>Run Planning &gt; Check to list what breaks the standards.</source>
        <translation>运行“规划 &gt; 检查”，列出不符合标准之处。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/findings_panel.py" line="62" />
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/findings_panel.py" line="62" />
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/findings_panel.py" line="62" />
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/findings_panel.py" line="62" />
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/findings_panel.py" line="76" />
        <source>Violation</source>
        <translation>违规</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/findings_panel.py" line="76" />
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/findings_panel.py" line="76" />
        <source>Info</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/findings_panel.py" line="83" />
        <source>the proposed plan</source>
        <translation>选址方案</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/findings_panel.py" line="83" />
        <source>the existing posts</source>
        <translation>现有警务站点</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/findings_panel.py" line="84" />
        <source>passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/findings_panel.py" line="84" />
        <source>not passed</source>
        <translation>未通过</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/findings_panel.py" line="85" />
        <source>Checked {checked}: {verdict} — {v} violations, {w} warnings, {i} notes.</source>
        <translation>检查{checked}：{verdict}——违规 {v} 条，警告 {w} 条，提示 {i} 条。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/findings_panel.py" line="110" />
        <source>This finding has no place on the map.</source>
        <translation>此项在地图上没有对应位置。</translation>
    </message>
</context><context>
    <name>GoToBox</name>
    <message>
        <location filename="../../gisdesk/ui/goto_box.py" line="34" />
        <location filename="../../gisdesk/ui/goto_box.py" line="20" />
        <source>Go to village, station, grid, office…</source>
        <translation>定位：村、派出所、警格、警务室…</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/goto_box.py" line="59" />
        <source>Nothing named “{text}”.</source>
        <translation>没有找到“{text}”。</translation>
    </message>
</context><context>
    <name>GridsPanel</name>
    <message>
        <location filename="../../gisdesk/ui/grids_panel.py" line="61" />
        <source>Residents per urban officer</source>
        <translation>城区每名民警服务人口</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/grids_panel.py" line="62" />
        <source>Households per urban officer</source>
        <translation>城区每名民警服务户数</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/grids_panel.py" line="63" />
        <source>Residents per rural officer</source>
        <translation>农村每名民警服务人口</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/grids_panel.py" line="64" />
        <source>Balance tolerance</source>
        <translation>均衡容差</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/grids_panel.py" line="338" />
        <location filename="../../gisdesk/ui/grids_panel.py" line="70" />
        <source>Redraw grids</source>
        <translation>重新划分警格</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/grids_panel.py" line="72" />
        <source>Standard</source>
        <translation>配警标准</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/grids_panel.py" line="77" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/grids_panel.py" line="77" />
        <source>Population</source>
        <translation>人口</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/grids_panel.py" line="77" />
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/grids_panel.py" line="78" />
        <source>Officers</source>
        <translation>民警数</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/grids_panel.py" line="78" />
        <source>Deviation</source>
        <translation>偏差</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/grids_panel.py" line="78" />
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/grids_panel.py" line="84" />
        <source>Paint units</source>
        <translation>涂选单元</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/grids_panel.py" line="86" />
        <source>New grid by polygon</source>
        <translation>画多边形建警格</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/grids_panel.py" line="88" />
        <source>Split</source>
        <translation>拆分</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/grids_panel.py" line="89" />
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/grids_panel.py" line="90" />
        <source>Lock / unlock</source>
        <translation>锁定/解锁</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/grids_panel.py" line="91" />
        <source>Rebalance</source>
        <translation>重新均衡</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/grids_panel.py" line="92" />
        <source>Edit by hand</source>
        <translation>手工调整</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/grids_panel.py" line="153" />
        <source>{n} grids, {ok} of {known} within the band {lo:+.0%} … {hi:+.0%}.</source>
        <translation>共 {n} 个警格，{known} 个中有 {ok} 个在 {lo:+.0%} … {hi:+.0%} 范围内。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/grids_panel.py" line="247" />
        <source>Select the grid to paint into first.</source>
        <translation>请先选择要涂入的警格。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/grids_panel.py" line="253" />
        <source>Paint units into {grid}</source>
        <translation>将单元涂入 {grid}</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/grids_panel.py" line="261" />
        <source>The polygon covers no units.</source>
        <translation>多边形内没有单元。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/grids_panel.py" line="265" />
        <source>New grid {code}</source>
        <translation>新建警格 {code}</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/grids_panel.py" line="271" />
        <source>Select two grids to merge.</source>
        <translation>请选择两个要合并的警格。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/grids_panel.py" line="296" />
        <source>Select a grid first.</source>
        <translation>请先选择一个警格。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/grids_panel.py" line="301" />
        <source>Split grid {grid}</source>
        <translation>拆分警格 {grid}</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/grids_panel.py" line="301" />
        <source>Rebalance around {grid}</source>
        <translation>均衡 {grid} 及相邻警格</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/grids_panel.py" line="332" />
        <source>Redrawing grids</source>
        <translation>正在重新划分警格</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/grids_panel.py" line="341" />
        <source>{n} grids drawn, largest deviation {dev:.1%}.</source>
        <translation>已划分 {n} 个警格，最大偏差 {dev:.1%}。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/grids_panel.py" line="345" />
        <source>{n} assignments to removed grids were taken off: assign again, keeping the existing ones, to give those officers grids.</source>
        <translation>已撤下 {n} 条指向已删除警格的责任分配：请保留现有分配再分配一次，为这些人员分配警格。</translation>
    </message>
</context><context>
    <name>IdentifyPanel</name>
    <message>
        <location filename="../../gisdesk/ui/identify_panel.py" line="19" />
        <source>Click on the map with the identify tool.</source>
        <translation>使用“识别”工具点击地图。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/identify_panel.py" line="24" />
        <source>Attribute</source>
        <translation>属性</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/identify_panel.py" line="24" />
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/identify_panel.py" line="34" />
        <source>At {lon:.5f}°E {lat:.5f}°N: {n} features</source>
        <translation>东经 {lon:.5f}° 北纬 {lat:.5f}°：{n} 个要素</translation>
    </message>
</context><context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../gisdesk/ui/import_dialog.py" line="117" />
        <location filename="../../gisdesk/ui/import_dialog.py" line="111" />
        <location filename="../../gisdesk/ui/import_dialog.py" line="51" />
        <source>Import data</source>
        <translation>导入数据</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/import_dialog.py" line="60" />
        <source>detect</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/import_dialog.py" line="64" />
        <source>from the file</source>
        <translation>按文件自带</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/import_dialog.py" line="66" />
        <source>GCJ-02 (Amap, Tencent)</source>
        <translation>GCJ-02（高德、腾讯）</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/import_dialog.py" line="66" />
        <source>BD-09 (Baidu)</source>
        <translation>BD-09（百度）</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/import_dialog.py" line="69" />
        <source>Replace the layer's rows (otherwise append)</source>
        <translation>替换图层原有数据（否则追加）</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/import_dialog.py" line="70" />
        <source>Skip invalid rows and list them</source>
        <translation>跳过无效行并列出</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/import_dialog.py" line="71" />
        <source>Only what lies in the project's county boundary (for province-size files)</source>
        <translation>只导入项目县界内的数据（用于全省文件）</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/import_dialog.py" line="73" />
        <source>optional: OSM places or POI file to place villages without coordinates</source>
        <translation>可选：用于给无坐标的村按名称定位的 OSM 地名或兴趣点文件</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/import_dialog.py" line="76" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/import_dialog.py" line="83" />
        <location filename="../../gisdesk/ui/import_dialog.py" line="76" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/import_dialog.py" line="77" />
        <source>Into layer</source>
        <translation>导入图层</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/import_dialog.py" line="78" />
        <source>Encoding</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/import_dialog.py" line="79" />
        <source>Coordinates</source>
        <translation>坐标系</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/import_dialog.py" line="83" />
        <source>Place by name</source>
        <translation>按名称定位</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/import_dialog.py" line="86" />
        <source>Layer column</source>
        <translation>图层字段</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/import_dialog.py" line="86" />
        <source>From file column</source>
        <translation>来源字段</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/import_dialog.py" line="90" />
        <source>First rows of the file</source>
        <translation>文件前几行</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/import_dialog.py" line="90" />
        <source>Field mapping</source>
        <translation>字段对应</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/import_dialog.py" line="96" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/import_dialog.py" line="118" />
        <location filename="../../gisdesk/ui/import_dialog.py" line="111" />
        <source>Data files</source>
        <translation>数据文件</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/import_dialog.py" line="204" />
        <source>Longitude (lon)</source>
        <translation>经度 (lon)</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/import_dialog.py" line="204" />
        <source>Latitude (lat)</source>
        <translation>纬度 (lat)</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/import_dialog.py" line="205" />
        <source>Geometry as WKT (wkt)</source>
        <translation>WKT 几何 (wkt)</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/import_dialog.py" line="230" />
        <source>Choose a file to import.</source>
        <translation>请选择要导入的文件。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/import_dialog.py" line="234" />
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/import_dialog.py" line="237" />
        <source>Importing {file}</source>
        <translation>正在导入 {file}</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/import_dialog.py" line="256" />
        <source>Import {n} rows into {layer}</source>
        <translation>导入 {n} 行到{layer}</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/import_dialog.py" line="261" />
        <source>{n} rows imported into {layer}, {skipped} skipped.</source>
        <translation>已导入 {n} 行到{layer}，跳过 {skipped} 行。</translation>
    </message>
</context><context>
    <name>LayerPanel</name>
    <message>
        <location filename="../../gisdesk/ui/layer_panel.py" line="76" />
        <source>Draw above</source>
        <translation>上移一层</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/layer_panel.py" line="78" />
        <source>Draw below</source>
        <translation>下移一层</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/layer_panel.py" line="80" />
        <source>Zoom to layer</source>
        <translation>缩放到图层</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/layer_panel.py" line="84" />
        <source>Show labels</source>
        <translation>显示标注</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/layer_panel.py" line="87" />
        <source>Colour…</source>
        <translation>颜色…</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/layer_panel.py" line="88" />
        <source>Default style</source>
        <translation>默认样式</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/layer_panel.py" line="95" />
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/layer_panel.py" line="97" />
        <source>Label field</source>
        <translation>标注字段</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/layer_panel.py" line="98" />
        <source>Colour by</source>
        <translation>着色方式</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/layer_panel.py" line="103" />
        <source>Style</source>
        <translation>样式</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/layer_panel.py" line="147" />
        <source>Plan</source>
        <translation>规划方案</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/layer_panel.py" line="147" />
        <source>Police posts and key sites</source>
        <translation>警务站点</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/layer_panel.py" line="147" />
        <source>Grids</source>
        <translation>警格</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/layer_panel.py" line="148" />
        <source>Base data</source>
        <translation>基础</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/layer_panel.py" line="234" />
        <source>Deviation from the standard</source>
        <translation>与标准的偏差</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/layer_panel.py" line="234" />
        <source>Officer assigned</source>
        <translation>责任民警</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/layer_panel.py" line="264" />
        <source>Layer colour</source>
        <translation>图层颜色</translation>
    </message>
</context><context>
    <name>LayerTableModel</name>
    <message>
        <location filename="../../gisdesk/ui/attribute_table.py" line="134" />
        <source>Unassigned</source>
        <translation>未分配</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/attribute_table.py" line="144" />
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/attribute_table.py" line="144" />
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/attribute_table.py" line="177" />
        <source>Edit {column} of {layer}</source>
        <translation>修改{layer}的{column}</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/attribute_table.py" line="181" />
        <source>Not changed: {reason}</source>
        <translation>未修改：{reason}</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/attribute_table.py" line="189" />
        <source>{column}: “{value}” is not a valid number</source>
        <translation>{column}：“{value}”不是有效的数字</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/attribute_table.py" line="190" />
        <source>{column} may not be negative</source>
        <translation>{column}不能为负数</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/attribute_table.py" line="191" />
        <source>{column}: “{value}” is not one of the allowed values</source>
        <translation>{column}：“{value}”不是允许的取值</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/attribute_table.py" line="192" />
        <source>{column} “{value}” is already used</source>
        <translation>{column}“{value}”已被使用</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/attribute_table.py" line="193" />
        <source>{column} may not be empty</source>
        <translation>{column}不能为空</translation>
    </message>
</context><context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gisdesk/ui/main_window.py" line="60" />
        <source>Autosave failed: {m}</source>
        <translation>自动保存失败：{m}</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/main_window.py" line="88" />
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="125" />
        <location filename="../../gisdesk/ui/main_window.py" line="89" />
        <source>Identify</source>
        <translation>识别</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/main_window.py" line="91" />
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/main_window.py" line="92" />
        <source>Site offices</source>
        <translation>警务室选址</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/main_window.py" line="93" />
        <source>Evaluate a location</source>
        <translation>评估新址</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/main_window.py" line="94" />
        <source>Patrol grids</source>
        <translation>警格</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/main_window.py" line="95" />
        <source>Plan versions</source>
        <translation>方案版本</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/main_window.py" line="97" />
        <source>Officers</source>
        <translation>民警辅警</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/main_window.py" line="98" />
        <source>Attribute table</source>
        <translation>属性表</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/main_window.py" line="125" />
        <source>Cancelled; nothing was changed.</source>
        <translation>已取消，未做任何修改。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/main_window.py" line="149" />
        <source>{villages:,} villages, {posts:,} posts, {grids:,} grids, {roads:,} road segments.</source>
        <translation>{villages:,} 个行政村，{posts:,} 个警务站点，{grids:,} 个警格，{roads:,} 段道路。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/main_window.py" line="177" />
        <source>Undone: {text}</source>
        <translation>已撤销：{text}</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/main_window.py" line="177" />
        <source>Redone: {text}</source>
        <translation>已重做：{text}</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/deliverables.py" line="30" />
        <location filename="../../gisdesk/ui/main_window.py" line="182" />
        <source>Untitled project</source>
        <translation>未命名项目</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/main_window.py" line="183" />
        <source>{name}[*] — gisdesk police post planning</source>
        <translation>{name}[*] — gisdesk 警务布局规划</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/main_window.py" line="188" />
        <source>Undo {text}</source>
        <translation>撤销 {text}</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="107" />
        <location filename="../../gisdesk/ui/main_window.py" line="189" />
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/main_window.py" line="190" />
        <source>Redo {text}</source>
        <translation>重做 {text}</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="108" />
        <location filename="../../gisdesk/ui/actions.py" line="108" />
        <location filename="../../gisdesk/ui/main_window.py" line="191" />
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/main_window.py" line="218" />
        <source>gisdesk</source>
        <translation>gisdesk</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/main_window.py" line="230" />
        <source>Values that are not numbers</source>
        <translation>数值字段存有非数字内容</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/main_window.py" line="231" />
        <source>{n} cells of number columns hold something that is not a number (read as unknown, or as 0 where a count is required), first {layer} row {row}: {text}. Plan with them anyway?</source>
        <translation>文件中有 {n} 个数值字段存有非数字内容（按未知读取，必填的数按 0 读取），第一个：{layer} 第 {row} 行：{text}。仍按此规划吗？</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/main_window.py" line="246" />
        <source>Work in progress</source>
        <translation>任务进行中</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/main_window.py" line="247" />
        <source>“{task}” is still running. Stop it and quit?</source>
        <translation>“{task}”仍在运行。是否停止并退出？</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="98" />
        <source>&amp;New project</source>
        <translation>新建项目(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="98" />
        <source>Start an empty project</source>
        <translation>新建一个空项目</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="99" />
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="99" />
        <source>Open a project (.gpkg)</source>
        <translation>打开项目 (.gpkg)</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="100" />
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="100" />
        <source>Save the project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="101" />
        <source>Save &amp;as…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="102" />
        <source>&amp;Import data…</source>
        <translation>导入数据(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="103" />
        <source>Import Shapefile, GeoPackage, GeoJSON, CSV or Excel</source>
        <translation>导入 Shapefile、GeoPackage、GeoJSON、CSV 或 Excel</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="104" />
        <source>Se&amp;ttings…</source>
        <translation>设置(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="106" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="107" />
        <source>Undo the last change</source>
        <translation>撤销上一步修改</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="109" />
        <source>Delete selected posts</source>
        <translation>删除所选站点</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="110" />
        <source>Delete the selected police posts</source>
        <translation>删除所选的警务站点</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="113" />
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="114" />
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="115" />
        <source>Full extent</source>
        <translation>全图</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="115" />
        <source>Show the whole project</source>
        <translation>显示整个项目</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="116" />
        <source>Zoom to selection</source>
        <translation>缩放到所选</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="118" />
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="118" />
        <source>Drag to move the map</source>
        <translation>拖动以移动地图</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="123" />
        <source>Select</source>
        <translation>选择</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="123" />
        <source>Click or drag a rectangle to select</source>
        <translation>点击或拉框选择</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="125" />
        <source>Click a feature to see its attributes</source>
        <translation>点击要素查看属性</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="127" />
        <source>Measure distance</source>
        <translation>量距离</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="127" />
        <source>Click points; double-click to finish</source>
        <translation>逐点点击，双击结束</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="129" />
        <source>Measure area</source>
        <translation>量面积</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="129" />
        <source>Click corners; double-click to finish</source>
        <translation>逐个点击顶点，双击结束</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="131" />
        <source>Add office</source>
        <translation>添加警务室</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="131" />
        <source>Click to place a new police office</source>
        <translation>点击放置新的警务室</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="133" />
        <source>Move post</source>
        <translation>移动站点</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="133" />
        <source>Drag a police post to a new place</source>
        <translation>拖动警务站点到新位置</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="135" />
        <source>Evaluate location</source>
        <translation>评估新址</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="136" />
        <source>Click a place or a key site: what would a new office there change?</source>
        <translation>点击一个位置或重点部位：在此新设警务室会带来什么变化？</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="138" />
        <source>Paint units</source>
        <translation>涂选单元</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="138" />
        <source>Drag over units to move them into the selected grid</source>
        <translation>拖过单元，将其划入所选警格</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="140" />
        <source>New grid by polygon</source>
        <translation>画多边形建警格</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="141" />
        <source>Click corners, double-click: the units inside become a new grid</source>
        <translation>逐个点击顶点，双击结束：多边形内的单元组成新警格</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="146" />
        <location filename="../../gisdesk/ui/actions.py" line="145" />
        <source>Distance: {d}</source>
        <translation>距离：{d}</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="148" />
        <location filename="../../gisdesk/ui/actions.py" line="147" />
        <source>Area: {a}</source>
        <translation>面积：{a}</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="165" />
        <source>&amp;Print beat maps…</source>
        <translation>打印警务区图(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="166" />
        <source>Beat maps for a station, grids or offices, or the whole atlas (PDF)</source>
        <translation>按派出所、警格或警务室打印警务区图，或打印全部图册（PDF）</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="167" />
        <source>R&amp;eport…</source>
        <translation>统计报表(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="168" />
        <source>The staffing and siting workbook for leadership (Excel)</source>
        <translation>供领导审阅的警力配置与选址统计报表（Excel）</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="169" />
        <source>Export &amp;web map…</source>
        <translation>导出网页地图(&amp;W)…</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="170" />
        <source>One HTML file for the intranet that works offline</source>
        <translation>导出单个 HTML 文件，可在内网离线浏览</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="171" />
        <source>&amp;Check</source>
        <translation>检查(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="172" />
        <source>Check the project against the staffing and siting standards</source>
        <translation>按警力配置和选址标准检查本项目</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="173" />
        <source>Pro&amp;ject properties…</source>
        <translation>工程属性(&amp;J)…</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="174" />
        <source>The project's title and the sign-off block of its beat maps</source>
        <translation>工程名称及警务区图的制图单位、制图日期、审核</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="179" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="183" />
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="188" />
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="191" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="198" />
        <source>&amp;Map tools</source>
        <translation>地图工具(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="201" />
        <source>&amp;Planning</source>
        <translation>规划(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="205" />
        <source>Site offices…</source>
        <translation>警务室选址…</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="206" />
        <source>Patrol grids…</source>
        <translation>警格…</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="209" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="324" />
        <location filename="../../gisdesk/ui/actions.py" line="210" />
        <source>About gisdesk</source>
        <translation>关于 gisdesk</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="214" />
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="248" />
        <source>New office {code}</source>
        <translation>新警务室 {code}</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="251" />
        <source>Add office {code}</source>
        <translation>添加警务室 {code}</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="259" />
        <source>Move {name}</source>
        <translation>移动 {name}</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="269" />
        <source>Delete {n} posts</source>
        <translation>删除 {n} 个站点</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="313" />
        <source>Basemap not used: {reason}</source>
        <translation>未使用底图：{reason}</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/actions.py" line="324" />
        <source>gisdesk — planning police offices, workstations and patrol grids for the “one village, one officer” programme. Works offline.</source>
        <translation>gisdesk —— 为“一村（格）一警”规划警务室、警务工作站和警格。可完全离线使用。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/deliverables.py" line="52" />
        <source>“{task}” is still running.</source>
        <translation>“{task}”仍在运行。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/deliverables.py" line="63" />
        <source>Nothing to print yet: open or import a project first.</source>
        <translation>还没有可打印的内容：请先打开或导入项目。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/deliverables.py" line="98" />
        <source>Wrote {n} pages to {path}</source>
        <translation>已输出 {n} 页：{path}</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/deliverables.py" line="100" />
        <source>{n} pages could not be drawn, first: {text}</source>
        <translation>有 {n} 页无法绘制，第一页：{text}</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/deliverables.py" line="105" />
        <source>Printing beat maps</source>
        <translation>正在打印警务区图</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/deliverables.py" line="179" />
        <location filename="../../gisdesk/ui/deliverables.py" line="163" />
        <location filename="../../gisdesk/ui/deliverables.py" line="113" />
        <source>Checking the standards</source>
        <translation>正在检查标准</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/deliverables.py" line="114" />
        <source>Writing the workbook</source>
        <translation>正在写入报表</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/deliverables.py" line="129" />
        <source>Wrote {path}</source>
        <translation>已输出：{path}</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/deliverables.py" line="137" />
        <source>Save the report as</source>
        <translation>报表另存为</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/deliverables.py" line="138" />
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/deliverables.py" line="139" />
        <source>Writing the report</source>
        <translation>正在生成统计报表</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/deliverables.py" line="146" />
        <source>Building the web map</source>
        <translation>正在生成网页地图</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/deliverables.py" line="153" />
        <source>Export the web map as</source>
        <translation>网页地图另存为</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/deliverables.py" line="154" />
        <source>Web page (*.html)</source>
        <translation>网页 (*.html)</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/deliverables.py" line="155" />
        <source>Exporting the web map</source>
        <translation>正在导出网页地图</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/deliverables.py" line="190" />
        <source>Check findings</source>
        <translation>检查结果</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/deliverables.py" line="213" />
        <source>Project properties</source>
        <translation>工程属性</translation>
    </message>
</context><context>
    <name>Names</name>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="53" />
        <location filename="../../gisdesk/ui/names.py" line="16" />
        <source>Villages</source>
        <translation>行政村</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="17" />
        <source>Building units</source>
        <translation>楼栋单元</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="18" />
        <source>Police posts</source>
        <translation>警务站点</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="19" />
        <source>Key sites</source>
        <translation>重点部位</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="20" />
        <source>Roads</source>
        <translation>道路</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="21" />
        <source>Boundaries</source>
        <translation>行政边界</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="22" />
        <source>Patrol grids</source>
        <translation>警格</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="23" />
        <source>Grid members</source>
        <translation>警格成员</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="24" />
        <source>Proposed offices</source>
        <translation>拟设警务室</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="25" />
        <source>Proposed workstations</source>
        <translation>拟设警务工作站</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="26" />
        <source>Village to office links</source>
        <translation>村-警务室分配</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="27" />
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="28" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="29" />
        <source>Population</source>
        <translation>人口</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="30" />
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="31" />
        <source>Area type</source>
        <translation>城乡类型</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="32" />
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="33" />
        <source>Station</source>
        <translation>派出所</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="34" />
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="35" />
        <source>Tier</source>
        <translation>层级</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="36" />
        <source>Officers</source>
        <translation>民警数</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="37" />
        <source>Auxiliaries</source>
        <translation>辅警数</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="38" />
        <source>Officer</source>
        <translation>民警</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="39" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="40" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="41" />
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="42" />
        <source>Road class</source>
        <translation>道路等级</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="43" />
        <source>Speed (km/h)</source>
        <translation>速度(公里/时)</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="44" />
        <source>One way</source>
        <translation>单行</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="45" />
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="46" />
        <source>Officers required</source>
        <translation>应配民警</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="47" />
        <source>Grid</source>
        <translation>警格</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="48" />
        <source>Member</source>
        <translation>成员</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="49" />
        <source>Key site</source>
        <translation>重点部位</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="50" />
        <source>Existing</source>
        <translation>已有</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="51" />
        <source>Remote</source>
        <translation>偏远</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="52" />
        <source>Estimated by area</source>
        <translation>人口按面积估算</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="54" />
        <source>Mean km</source>
        <translation>平均距离(公里)</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="55" />
        <source>Max km</source>
        <translation>最远距离(公里)</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="56" />
        <source>Office</source>
        <translation>警务室</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="57" />
        <source>Road km</source>
        <translation>道路距离(公里)</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="58" />
        <source>Minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="59" />
        <source>Locked</source>
        <translation>锁定</translation>
    </message>
</context><context>
    <name>OfficersPanel</name>
    <message>
        <location filename="../../gisdesk/ui/officers_panel.py" line="176" />
        <source>Station</source>
        <translation>派出所</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/officers_panel.py" line="177" />
        <source>Keep existing</source>
        <translation>保留已有分配</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/officers_panel.py" line="178" />
        <source>Colour grids by who covers them (grey: no one)</source>
        <translation>警格按责任人着色（灰色：无人负责）</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/officers_panel.py" line="179" />
        <source>Auto-assign</source>
        <translation>自动分配</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/officers_panel.py" line="180" />
        <source>Remove assignment</source>
        <translation>取消分配</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/officers_panel.py" line="181" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/officers_panel.py" line="182" />
        <source>Drag people onto a grid on the map or in the grids table to assign them; click a grid to see who covers it.</source>
        <translation>把人员拖到地图上或警格表中的警格即可分配；点击警格可查看其责任人。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/officers_panel.py" line="195" />
        <source>All stations</source>
        <translation>全部派出所</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/officers_panel.py" line="237" />
        <source>{people} people ({officers} officers, {auxiliaries} auxiliaries); {covered} of {grids} grids have someone responsible.</source>
        <translation>共 {people} 人（民警 {officers}，辅警 {auxiliaries}）；{grids} 个警格中 {covered} 个已有责任人。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/officers_panel.py" line="299" />
        <source>Assign {names} to grid {grid}</source>
        <translation>分配 {names} 负责警格 {grid}</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/officers_panel.py" line="305" />
        <source>{names} now responsible for grid {grid}.</source>
        <translation>{names} 已负责警格 {grid}。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/officers_panel.py" line="316" />
        <source>Select the people to take off first.</source>
        <translation>请先选择要取消分配的人员。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/officers_panel.py" line="325" />
        <source>The selected people cover none of these grids.</source>
        <translation>所选人员不负责这些警格。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/officers_panel.py" line="328" />
        <source>Remove {n} assignments</source>
        <translation>取消 {n} 项分配</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/officers_panel.py" line="343" />
        <source>Import the roster and draw the grids first.</source>
        <translation>请先导入花名册并划分警格。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/officers_panel.py" line="346" />
        <source>Assigning officers to grids</source>
        <translation>正在分配警格责任人</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/officers_panel.py" line="359" />
        <source>Auto-assign officers</source>
        <translation>自动分配警格责任人</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/officers_panel.py" line="362" />
        <source>{assigned} assignments, {unassigned} grids without anyone, {km:.1f} km in all{optimal}.</source>
        <translation>分配 {assigned} 项，{unassigned} 个警格无人负责，总路程 {km:.1f} 公里{optimal}。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/officers_panel.py" line="365" />
        <source>, optimal</source>
        <translation>，最优</translation>
    </message>
</context><context>
    <name>PlaceVillages</name>
    <message>
        <location filename="../../gisdesk/ui/place_villages.py" line="51" />
        <source>Every village has a location now.</source>
        <translation>所有村都已定位。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/place_villages.py" line="56" />
        <source>Click where {name} ({township}) is — {n} villages left; Esc stops, Undo takes a placement back.</source>
        <translation>请点击 {name}（{township}）所在位置 — 还剩 {n} 个村；Esc 停止，撤销可取消上一次定位。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/place_villages.py" line="67" />
        <source>Place village {name}</source>
        <translation>定位村 {name}</translation>
    </message>
</context><context>
    <name>PlansPanel</name>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="71" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="71" />
        <source>Saved</source>
        <translation>保存时间</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="100" />
        <location filename="../../gisdesk/ui/plans_panel.py" line="71" />
        <source>Offices</source>
        <translation>警务室</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="72" />
        <source>Adopted</source>
        <translation>采用日期</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="72" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="80" />
        <source>Save current as…</source>
        <translation>当前方案另存为…</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="82" />
        <source>Load</source>
        <translation>载入</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="84" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="86" />
        <source>Adopt…</source>
        <translation>采用…</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="88" />
        <source>Plan versions</source>
        <translation>方案版本</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="93" />
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="94" />
        <source>Clear map</source>
        <translation>清除地图标注</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="100" />
        <source>Workstations</source>
        <translation>警务工作站</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="101" />
        <source>Mean km</source>
        <translation>平均路程(公里)</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="101" />
        <source>Max km</source>
        <translation>最远路程(公里)</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="102" />
        <source>Violations</source>
        <translation>违规</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="102" />
        <source>Villages changing office</source>
        <translation>变更警务室的村</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="110" />
        <source>On the map: orange, villages that change office; green, offices added; red, offices removed.</source>
        <translation>地图上：橙色为变更警务室的村，绿色为新增警务室，红色为撤销警务室。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="116" />
        <source>Compare two plans</source>
        <translation>两个方案对比</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="123" />
        <source>Adjust by hand</source>
        <translation>手工调整</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="126" />
        <source>Drag a village onto another office, or an office onto another key site</source>
        <translation>把村拖到另一个警务室，或把警务室拖到另一个重点部位</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="128" />
        <source>Check as I edit</source>
        <translation>边改边检查</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="330" />
        <location filename="../../gisdesk/ui/plans_panel.py" line="131" />
        <source>Not checked yet.</source>
        <translation>尚未检查。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="134" />
        <source>Adjust the current plan</source>
        <translation>调整当前方案</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="136" />
        <source>Drag a village onto another office, or an office onto another key site. Each move is one undo step.</source>
        <translation>把村拖到另一个警务室，或把警务室拖到另一个重点部位。每次调整可单独撤销。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="211" />
        <location filename="../../gisdesk/ui/plans_panel.py" line="208" />
        <source>Save plan version</source>
        <translation>保存方案版本</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="208" />
        <source>Name of this version:</source>
        <translation>版本名称：</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="211" />
        <source>Note (optional):</source>
        <translation>备注（可不填）：</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="229" />
        <location filename="../../gisdesk/ui/plans_panel.py" line="222" />
        <location filename="../../gisdesk/ui/plans_panel.py" line="216" />
        <source>Choose a version first.</source>
        <translation>请先选择一个版本。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="237" />
        <source>Adopt plan version</source>
        <translation>采用方案版本</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="238" />
        <source>Adopt “{name}”? {opened} new posts are created and {closed} posts are marked closed (not deleted). You can undo it.</source>
        <translation>采用“{name}”？将新设{opened}个站点，{closed}个站点标为撤销（不删除）。可以撤销此操作。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="244" />
        <source>Adopted “{name}”: {opened} posts opened, {closed} closed.</source>
        <translation>已采用“{name}”：新设{opened}个站点，撤销{closed}个。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="257" />
        <source>Comparing plans</source>
        <translation>正在对比方案</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="269" />
        <source>+{added} / −{removed} offices</source>
        <translation>警务室 +{added} / −{removed}</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="302" />
        <source>Drag a village onto another office, or an office onto another key site.</source>
        <translation>把村拖到另一个警务室，或把警务室拖到另一个重点部位。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="356" />
        <source>Checking the plan</source>
        <translation>正在检查方案</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="364" />
        <source>passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="364" />
        <source>not passed</source>
        <translation>未通过</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/plans_panel.py" line="365" />
        <source>Check: {verdict} — {v} violations, {w} warnings.</source>
        <translation>检查：{verdict}——违规{v}条，警告{w}条。</translation>
    </message>
</context><context>
    <name>PrintDialog</name>
    <message>
        <location filename="../../gisdesk/ui/print_dialog.py" line="71" />
        <source>Print beat maps</source>
        <translation>打印警务区图</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/print_dialog.py" line="81" />
        <source>The whole atlas</source>
        <translation>全部图册</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/print_dialog.py" line="82" />
        <source>One station</source>
        <translation>一个派出所</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/print_dialog.py" line="83" />
        <source>The selected grids and offices ({grids} grids, {offices} offices)</source>
        <translation>选中的警格和警务室（警格 {grids} 个，警务室 {offices} 个）</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/print_dialog.py" line="93" />
        <source>One page per grid</source>
        <translation>每个警格一页</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/print_dialog.py" line="93" />
        <source>One page per office</source>
        <translation>每个警务室一页</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/print_dialog.py" line="94" />
        <source>One page per station</source>
        <translation>每个派出所一页</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/print_dialog.py" line="99" />
        <source>Portrait</source>
        <translation>纵向</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/print_dialog.py" line="100" />
        <source>Landscape</source>
        <translation>横向</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/print_dialog.py" line="101" />
        <source>Officer names and phones on the pages</source>
        <translation>图上印出民警姓名和电话</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/print_dialog.py" line="103" />
        <source>Basemap under the maps</source>
        <translation>地图下加底图</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/print_dialog.py" line="107" />
        <source>Set a basemap in Settings first</source>
        <translation>请先在“设置”中配置底图</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/print_dialog.py" line="152" />
        <location filename="../../gisdesk/ui/print_dialog.py" line="118" />
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/print_dialog.py" line="119" />
        <source>Pages</source>
        <translation>分页</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/print_dialog.py" line="120" />
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/print_dialog.py" line="121" />
        <source>Orientation</source>
        <translation>方向</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/print_dialog.py" line="124" />
        <source>Save as</source>
        <translation>保存为</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/print_dialog.py" line="124" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/print_dialog.py" line="135" />
        <source>Preview page</source>
        <translation>预览第</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/print_dialog.py" line="210" />
        <source>of {n} pages (long lists add continuation pages)</source>
        <translation>页，共 {n} 页（名单较长时另加续页）</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/print_dialog.py" line="214" />
        <source>Save beat maps as</source>
        <translation>警务区图另存为</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/print_dialog.py" line="215" />
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/print_dialog.py" line="222" />
        <source>Choose a .pdf file in an existing folder.</source>
        <translation>请选择已有文件夹中的 .pdf 文件。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/print_dialog.py" line="226" />
        <source>{code} is not in the plan: choose grids or the plan's offices.</source>
        <translation>{code} 不在方案中：请选择警格或方案中的警务室。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/print_dialog.py" line="230" />
        <source>Nothing to print: the choice has no pages.</source>
        <translation>没有可打印的页面。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/print_dialog.py" line="242" />
        <source>No page to preview</source>
        <translation>没有可预览的页面</translation>
    </message>
</context><context>
    <name>ProjectDialog</name>
    <message>
        <location filename="../../gisdesk/ui/project_dialog.py" line="23" />
        <source>Project properties</source>
        <translation>工程属性</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/project_dialog.py" line="26" />
        <source>e.g. the bureau's command centre</source>
        <translation>如：××县公安局指挥中心</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/project_dialog.py" line="28" />
        <source>empty: the day of printing</source>
        <translation>留空：打印当日</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/project_dialog.py" line="30" />
        <source>empty: a line to sign on</source>
        <translation>留空：印签名横线</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/project_dialog.py" line="32" />
        <source>Title</source>
        <translation>工程名称</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/project_dialog.py" line="33" />
        <source>Mapped by (unit)</source>
        <translation>制图单位</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/project_dialog.py" line="34" />
        <source>Map date</source>
        <translation>制图日期</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/project_dialog.py" line="35" />
        <source>Reviewed by</source>
        <translation>审核</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/project_dialog.py" line="36" />
        <source>Printed in the sign-off block at the foot of every beat map.</source>
        <translation>印在每张警务区图底部的制图信息栏中。</translation>
    </message>
</context><context>
    <name>RosterModel</name>
    <message>
        <location filename="../../gisdesk/ui/officers_panel.py" line="49" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/officers_panel.py" line="49" />
        <source>ID</source>
        <translation>警号</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/officers_panel.py" line="49" />
        <source>Role</source>
        <translation>身份</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/officers_panel.py" line="49" />
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/officers_panel.py" line="49" />
        <source>Post</source>
        <translation>警务站点</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/officers_panel.py" line="50" />
        <source>Most grids</source>
        <translation>最多警格</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/officers_panel.py" line="50" />
        <source>At work</source>
        <translation>在岗</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/officers_panel.py" line="50" />
        <source>Grids</source>
        <translation>负责警格</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/officers_panel.py" line="85" />
        <source>Officer</source>
        <translation>民警</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/officers_panel.py" line="85" />
        <source>Auxiliary</source>
        <translation>辅警</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/officers_panel.py" line="93" />
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/officers_panel.py" line="93" />
        <source>no</source>
        <translation>否</translation>
    </message>
</context><context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../gisdesk/ui/settings_dialog.py" line="25" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/settings_dialog.py" line="34" />
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/settings_dialog.py" line="35" />
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/settings_dialog.py" line="40" />
        <source>all cores</source>
        <translation>全部核心</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/settings_dialog.py" line="42" />
        <source>Processes that site offices and draw grids side by side; the plan is the same for any number.</source>
        <translation>同时进行警务室选址和警格划分的进程数；进程数不同，方案相同。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/settings_dialog.py" line="50" />
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/settings_dialog.py" line="51" />
        <source>Autosave every</source>
        <translation>自动保存间隔</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/settings_dialog.py" line="52" />
        <source>Worker processes</source>
        <translation>工作进程数</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/settings_dialog.py" line="53" />
        <source>Tile URL</source>
        <translation>瓦片地址</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/settings_dialog.py" line="61" />
        <location filename="../../gisdesk/ui/settings_dialog.py" line="54" />
        <source>MBTiles file</source>
        <translation>MBTiles 文件</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/settings_dialog.py" line="54" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/settings_dialog.py" line="56" />
        <source>No basemap is used unless one is set here; nothing is fetched from the internet.</source>
        <translation>除非在此设置，否则不使用底图；不会从互联网获取任何内容。</translation>
    </message>
</context><context>
    <name>SitingPanel</name>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="46" />
        <source>fewest allowed</source>
        <translation>规则允许的最少数</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="48" />
        <source>Keep existing offices</source>
        <translation>保留现有警务室</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="56" />
        <location filename="../../gisdesk/ui/siting_panel.py" line="52" />
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="57" />
        <source>The fewest offices (villages per office kept) so that every village is within this many minutes of its office by road; the villages that cannot be are listed by name</source>
        <translation>每村经道路到所属警务室不超过此分钟数时所需的最少警务室（仍守每室村数规则）；做不到的村逐个列名</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="62" />
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="63" />
        <source>Automatic: each station stops when its plan is proven or after a fixed amount of work, so the plan is the same on any computer. Seconds: a ceiling for each station and office count</source>
        <translation>自动：每个派出所在方案证明最优或完成固定计算量后停止，任何电脑上结果相同。填秒数：每个派出所、每个警务室数的求解上限</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="67" />
        <source>Villages per office, at least</source>
        <translation>每个警务室至少服务村数</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="68" />
        <source>Villages per office, at most</source>
        <translation>每个警务室至多服务村数</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="69" />
        <source>Offices in total</source>
        <translation>警务室总数</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="70" />
        <source>Offices per remote station, at least</source>
        <translation>偏远派出所至少警务室数</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="71" />
        <source>Farthest village</source>
        <translation>最远村距离</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="72" />
        <source>Response time (minutes)</source>
        <translation>响应时间（分钟）</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="73" />
        <source>Solver time</source>
        <translation>求解时间</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="83" />
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="85" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="90" />
        <source>No proposal yet.</source>
        <translation>尚无方案。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="96" />
        <source>Accept</source>
        <translation>采用</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="98" />
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="102" />
        <source>Rules</source>
        <translation>规则</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="104" />
        <source>Proposal</source>
        <translation>方案</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="147" />
        <source>Siting offices</source>
        <translation>正在选址</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="163" />
        <source>proven optimal</source>
        <translation>已证明最优</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="163" />
        <source>within {gap:.2%} of the optimum</source>
        <translation>与最优解相差不超过 {gap:.2%}</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="165" />
        <source>&lt;b&gt;{offices}&lt;/b&gt; offices, &lt;b&gt;{ws}&lt;/b&gt; workstations for {villages} villages.&lt;br&gt;Road distance to the office: mean &lt;b&gt;{mean:.2f} km&lt;/b&gt;, max &lt;b&gt;{max:.2f} km&lt;/b&gt;.&lt;br&gt;Objective {obj:,.0f}, proven bound {bound:,.0f}: {gap}. {seconds:.1f} s.</source>
        <translation>为 {villages} 个村设 &lt;b&gt;{offices}&lt;/b&gt; 个警务室、&lt;b&gt;{ws}&lt;/b&gt; 个警务工作站。&lt;br&gt;到警务室的道路距离：平均 &lt;b&gt;{mean:.2f} 公里&lt;/b&gt;，最远 &lt;b&gt;{max:.2f} 公里&lt;/b&gt;。&lt;br&gt;目标值 {obj:,.0f}，已证下界 {bound:,.0f}：{gap}。用时 {seconds:.1f} 秒。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="172" />
        <source>Mean per village {plain:.2f} km; {n} villages of unknown population count as one person each.</source>
        <translation>按村平均路程 {plain:.2f} 公里；{n} 个人口未知的村按 1 人计。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="177" />
        <source>Villages (population) within 10 / 15 / 20 minutes: {shares}</source>
        <translation>10 / 15 / 20 分钟内可达的村（人口）比例：{shares}</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="181" />
        <source>proven the fewest</source>
        <translation>已证明最少</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="181" />
        <source>not proven the fewest</source>
        <translation>未能证明最少</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="182" />
        <source>Response time {m:g} min: {n} villages cannot be reached within it ({proven}).</source>
        <translation>响应时间 {m:g} 分钟：{n} 个村无法在此时间内到达（{proven}）。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="189" />
        <source>{name} ({township}, {code}): {minutes} min, beyond {m:g} min</source>
        <translation>{name}（{township}，{code}）：{minutes} 分钟，超过 {m:g} 分钟</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="196" />
        <source>Offices vs travel (km)</source>
        <translation>警务室数量与出行距离(公里)</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="197" />
        <source>mean</source>
        <translation>平均</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="197" />
        <source>max</source>
        <translation>最远</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="198" />
        <source>offices: mean km, max km; villages (population) within 10 / 15 / 20 min</source>
        <translation>警务室数：平均公里，最远公里；10 / 15 / 20 分钟内的村（人口）比例</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="217" />
        <source>No proposal yet. Set the rules and press Run.</source>
        <translation>尚无方案。设置规则后点击“运行”。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="226" />
        <source>Plan in the project: &lt;b&gt;{offices}&lt;/b&gt; offices ({kept} kept), &lt;b&gt;{ws}&lt;/b&gt; workstations.&lt;br&gt;Mean of the offices' mean road distance {mean:.2f} km; farthest village {max:.2f} km.</source>
        <translation>项目中的方案：&lt;b&gt;{offices}&lt;/b&gt; 个警务室（保留 {kept} 个），&lt;b&gt;{ws}&lt;/b&gt; 个警务工作站。&lt;br&gt;各警务室平均道路距离的均值 {mean:.2f} 公里；最远村 {max:.2f} 公里。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="234" />
        <source>Offices vs travel (km): press Run</source>
        <translation>警务室数量与出行距离：点击“运行”查看</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="243" />
        <source>Villages per office</source>
        <translation>每个警务室服务村数</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="243" />
        <source>urban</source>
        <translation>城区</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="244" />
        <source>Rural offices against the rule of {a}-{b} villages each; urban community offices serve one community each and are counted apart.</source>
        <translation>农村警务室按每室 {a}-{b} 个行政村的规则统计；城区社区警务室每个社区一室，单独计数。</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="255" />
        <source>Accept siting proposal</source>
        <translation>采用选址方案</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/siting_panel.py" line="264" />
        <source>Proposal discarded.</source>
        <translation>已放弃方案。</translation>
    </message>
</context><context>
    <name>StatusBar</name>
    <message>
        <location filename="../../gisdesk/ui/statusbar.py" line="44" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/statusbar.py" line="66" />
        <source>Scale</source>
        <translation>比例尺</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/statusbar.py" line="94" />
        <source>  ·  GK zone EPSG:{epsg}</source>
        <translation>  ·  高斯-克吕格分带 EPSG:{epsg}</translation>
    </message>
</context><context>
    <name>Values</name>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="60" />
        <source>County level</source>
        <translation>县级</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="61" />
        <source>Township level</source>
        <translation>乡镇级</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="62" />
        <source>Station area</source>
        <translation>派出所辖区</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="85" />
        <location filename="../../gisdesk/ui/names.py" line="63" />
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="64" />
        <source>Police station</source>
        <translation>派出所</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="65" />
        <source>Police office</source>
        <translation>警务室</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="66" />
        <source>Workstation</source>
        <translation>警务工作站</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="67" />
        <source>Village committee</source>
        <translation>村委会</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="68" />
        <source>Culture square</source>
        <translation>文化广场</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="69" />
        <source>Service centre</source>
        <translation>便民服务中心</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="70" />
        <source>Residential compound</source>
        <translation>新建小区</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="71" />
        <source>Hospital</source>
        <translation>医院</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="72" />
        <source>School</source>
        <translation>学校</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="73" />
        <source>Factory</source>
        <translation>工厂</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="74" />
        <source>Business district</source>
        <translation>商圈</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="75" />
        <source>Scenic area</source>
        <translation>景区</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="76" />
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="77" />
        <source>Expressway</source>
        <translation>高速公路</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="78" />
        <source>National road</source>
        <translation>国道</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="79" />
        <source>Provincial road</source>
        <translation>省道</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="80" />
        <source>County road</source>
        <translation>县道</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="81" />
        <source>Township road</source>
        <translation>乡道</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="82" />
        <source>Village road</source>
        <translation>村道</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="83" />
        <source>Urban</source>
        <translation>城区</translation>
    </message>
    <message>
        <location filename="../../gisdesk/ui/names.py" line="84" />
        <source>Rural</source>
        <translation>农村</translation>
    </message>
</context></TS>
