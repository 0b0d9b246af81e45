<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>CalibrationView</name>
    <message>
        <source>shipped with Gusu, made by `{0}` on {1}</source>
        <translation>Gusu 随附结果，由 `{0}` 于 {1} 生成</translation>
    </message>
    <message>
        <source>Calibration</source>
        <translation>校准</translation>
    </message>
    <message>
        <source>Targets against the model</source>
        <translation>模型与目标对照</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>拟合</translation>
    </message>
    <message>
        <source>Sensitivity</source>
        <translation>敏感性</translation>
    </message>
    <message>
        <source>Open report (JSON)...</source>
        <translation>打开报告 (JSON)...</translation>
    </message>
    <message>
        <source>Open sensitivity folder...</source>
        <translation>打开敏感性分析文件夹...</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>选择...</translation>
    </message>
    <message>
        <source>as the file says</source>
        <translation>按文件设定</translation>
    </message>
    <message>
        <source>Make a new report: gusu calibrate-report (every scenario and control, once per seed)</source>
        <translation>生成新报告：gusu calibrate-report（每个情景和管控措施，每个随机种子各运行一次）</translation>
    </message>
    <message>
        <source>seeds per scenario</source>
        <translation>每个情景的随机种子数</translation>
    </message>
    <message>
        <source>worker processes</source>
        <translation>工作进程数</translation>
    </message>
    <message>
        <source>report file (JSON)</source>
        <translation>报告文件 (JSON)</translation>
    </message>
    <message>
        <source>calibration file</source>
        <translation>校准文件</translation>
    </message>
    <message>
        <source>output folder (journal)</source>
        <translation>输出文件夹（试验日志）</translation>
    </message>
    <message>
        <source>trials in all</source>
        <translation>试验总数</translation>
    </message>
    <message>
        <source>Fits the declared assumptions to the published figures (gusu calibrate). Every finished trial is kept in the folder&apos;s journal: a cancelled fit resumes where it stopped when run again.</source>
        <translation>将声明的假设参数拟合到公布数据（gusu calibrate）。每次完成的试验都记录在该文件夹的日志中：取消的拟合再次运行时会从中断处继续。</translation>
    </message>
    <message>
        <source>Open the JSON of gusu calibrate-report, or make one below (a few dozen week runs: hours on two cores).</source>
        <translation>打开 gusu calibrate-report 生成的 JSON，或在下方生成一份（需运行数十次整周模拟：双核机器上需数小时）。</translation>
    </message>
    <message>
        <source>{0}: {1} of {2} figures inside their band</source>
        <translation>{0}：{2} 项指标中有 {1} 项在允许范围内</translation>
    </message>
    <message>
        <source>Open the folder of gusu sensitivity: how far each output moves when one assumption crosses its range.</source>
        <translation>打开 gusu sensitivity 的结果文件夹：查看某一假设在其取值范围内变化时，各项输出变化多少。</translation>
    </message>
    <message>
        <source>{0}: mu* is the mean absolute change of the output when one assumption moves across its whole declared range, from Morris steps (scaled to the range); the longer the bar, the more the figure rests on that assumption.</source>
        <translation>{0}：mu* 是某一假设在其整个设定范围内变动时输出的平均绝对变化，由 Morris 步长按范围换算；条越长，该指标越依赖这一假设。</translation>
    </message>
    <message>
        <source>Run on the scenario &apos;{0}&apos;.</source>
        <translation>运行于情景“{0}”。</translation>
    </message>
    <message>
        <source>Not drawn, because this scenario does not read them: {0}.</source>
        <translation>未绘出，因为该情景不读取这些参数：{0}。</translation>
    </message>
    <message>
        <source>Not a calibration report</source>
        <translation>不是校准报告</translation>
    </message>
    <message>
        <source>Open calibration report</source>
        <translation>打开校准报告</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>done: {0}</source>
        <translation>完成：{0}</translation>
    </message>
    <message>
        <source>done: {0} (fit.md lists every target&apos;s error)</source>
        <translation>完成：{0}（fit.md 列出了每个目标的误差）</translation>
    </message>
    <message>
        <source>cancelled; the finished trials are kept in the journal: Run again resumes</source>
        <translation>已取消；已完成的试验保存在日志中：再次运行即可继续</translation>
    </message>
    <message>
        <source>Calibration file</source>
        <translation>校准文件</translation>
    </message>
    <message>
        <source>Calibration (*.toml)</source>
        <translation>校准文件 (*.toml)</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <source>Not a sensitivity folder</source>
        <translation>不是敏感性分析文件夹</translation>
    </message>
    <message>
        <source>Open sensitivity folder</source>
        <translation>打开敏感性分析文件夹</translation>
    </message>
</context>
<context>
    <name>Callouts</name>
    <message>
        <source>all cars but residents&apos; and workers&apos;</source>
        <translation>除居民和工作人员以外的所有车辆</translation>
    </message>
    <message>
        <source>{side}: {centre} transfer centre full at {time}, overflow to {target}</source>
        <translation>{side}：{centre}换乘中心于{time}停满，溢出至{target}</translation>
    </message>
    <message>
        <source>{side}: {centre} transfer centre full at {time}, no overflow centre</source>
        <translation>{side}：{centre}换乘中心于{time}停满，无溢出换乘中心</translation>
    </message>
    <message>
        <source>Both</source>
        <translation>双方</translation>
    </message>
    <message>
        <source>{side}: ring {ring} closed to {who} at {time}</source>
        <translation>{side}：{ring}圈于{time}对{who}关闭</translation>
    </message>
    <message>
        <source>{side}: ring {ring} open to all cars again at {time}</source>
        <translation>{side}：{ring}圈于{time}重新对所有车辆开放</translation>
    </message>
    <message>
        <source>old-town speed</source>
        <translation>古城车速</translation>
    </message>
    <message>
        <source>ring {ring} speed</source>
        <translation>{ring}圈车速</translation>
    </message>
    <message>
        <source>{what} {a} vs {b} km/h ({time})</source>
        <translation>{what} {a} 对 {b} 公里/小时（{time}）</translation>
    </message>
</context>
<context>
    <name>ChangesPanel</name>
    <message>
        <source>The file as opened</source>
        <translation>文件打开时的状态</translation>
    </message>
    <message>
        <source>Every edit since the file was opened; click one to go back to just after it</source>
        <translation>打开文件以来的每一处修改；点击其中一项即回到该修改之后</translation>
    </message>
    <message>
        <source>No edits: the scenario is as in its file</source>
        <translation>没有修改：方案与文件一致</translation>
    </message>
    <message>
        <source>Edits since the file was opened: {n}</source>
        <translation>打开文件以来的修改：{n} 处</translation>
    </message>
</context>
<context>
    <name>CommandRunner</name>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>starting...</source>
        <translation>正在启动...</translation>
    </message>
    <message>
        <source>{0} of {1} runs done; about {2} left</source>
        <translation>已完成 {0}/{1} 次运行；约剩 {2}</translation>
    </message>
    <message>
        <source>{0} of {1} runs done</source>
        <translation>已完成 {0}/{1} 次运行</translation>
    </message>
    <message>
        <source>the command stopped (exit status {0})</source>
        <translation>命令已停止（退出状态 {0}）</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>Comparison</name>
    <message>
        <source>National Day week 2019 (1-7 Oct), press conference</source>
        <translation>2019年国庆黄金周（10月1-7日），新闻发布会</translation>
    </message>
    <message>
        <source>a normal 2019 workday, press conference</source>
        <translation>2019年普通工作日，新闻发布会</translation>
    </message>
    <message>
        <source>National Day week 2018, derived from the 2019 rises (±25%)</source>
        <translation>2018年国庆黄金周，由2019年增幅推算（±25%）</translation>
    </message>
    <message>
        <source>2019 National Day</source>
        <translation>2019年国庆</translation>
    </message>
    <message>
        <source>2019 workday</source>
        <translation>2019年工作日</translation>
    </message>
    <message>
        <source>2018 National Day, derived</source>
        <translation>2018年国庆（推算）</translation>
    </message>
    <message>
        <source>, none published</source>
        <translation>，未公布</translation>
    </message>
    <message>
        <source>transfers, week (persons)</source>
        <translation>换乘，全周（人次）</translation>
    </message>
    <message>
        <source>diverted cars, week (cars)</source>
        <translation>分流车辆，全周（辆）</translation>
    </message>
    <message>
        <source>transfers per day, mean (persons/day)</source>
        <translation>每日换乘，均值（人次/日）</translation>
    </message>
    <message>
        <source>transfers, busiest day (persons)</source>
        <translation>换乘，最高日（人次）</translation>
    </message>
    <message>
        <source>diverted cars per day, mean (cars/day)</source>
        <translation>每日分流车辆，均值（辆/日）</translation>
    </message>
    <message>
        <source>diverted cars, busiest day (cars)</source>
        <translation>分流车辆，最高日（辆）</translation>
    </message>
    <message>
        <source>old-town speed 07-19 (km/h), general 2019</source>
        <translation>古城车速 07-19（km/h），2019年总体</translation>
    </message>
    <message>
        <source>Gusu speed 07-19 (km/h), general 2019</source>
        <translation>姑苏区车速 07-19（km/h），2019年总体</translation>
    </message>
    <message>
        <source>non-local share (%)</source>
        <translation>外地车占比（%）</translation>
    </message>
    <message>
        <source>Published figures: {title}</source>
        <translation>公布数据：{title}</translation>
    </message>
    <message>
        <source>Source: {source}</source>
        <translation>来源：{source}</translation>
    </message>
    <message>
        <source>Speeds: {source}</source>
        <translation>车速：{source}</translation>
    </message>
    <message>
        <source>Non-local share: {source}</source>
        <translation>外地车占比：{source}</translation>
    </message>
    <message>
        <source>A day or a partial run is compared per day (daily means), never with a week total.</source>
        <translation>单日或未跑完的运行按日比较（日均值），从不与全周总数比较。</translation>
    </message>
    <message>
        <source>week totals and per day (7 days)</source>
        <translation>全周总数与每日（7天）</translation>
    </message>
    <message>
        <source>per day (daily means)</source>
        <translation>按日（日均值）</translation>
    </message>
    <message>
        <source>Published: {title}</source>
        <translation>公布：{title}</translation>
    </message>
    <message>
        <source>reference</source>
        <translation>参照</translation>
    </message>
    <message>
        <source>this run</source>
        <translation>本次运行</translation>
    </message>
    <message>
        <source>published</source>
        <translation>公布值</translation>
    </message>
    <message>
        <source>reference: {name}</source>
        <translation>参照：{name}</translation>
    </message>
    <message>
        <source>the reference&apos;s own published set: {title}</source>
        <translation>参照运行自身的公布数据：{title}</translation>
    </message>
    <message>
        <source>aligned day by day: reference {ref}, this run {run}</source>
        <translation>逐日对齐：参照 {ref}，本次运行 {run}</translation>
    </message>
    <message>
        <source>km/h</source>
        <translation>公里/小时</translation>
    </message>
    <message>
        <source>persons/day</source>
        <translation>人次/日</translation>
    </message>
    <message>
        <source>cars/day</source>
        <translation>辆/日</translation>
    </message>
    <message>
        <source>old-town speed 07-19</source>
        <translation>古城车速 07-19</translation>
    </message>
    <message>
        <source>Gusu speed 07-19</source>
        <translation>姑苏区车速 07-19</translation>
    </message>
    <message>
        <source>transfers per day</source>
        <translation>每日换乘</translation>
    </message>
    <message>
        <source>diverted cars per day</source>
        <translation>每日分流车辆</translation>
    </message>
    <message>
        <source>non-local share</source>
        <translation>外地车占比</translation>
    </message>
    <message>
        <source>(no interval: 1 seed)</source>
        <translation>（无区间：仅1个种子）</translation>
    </message>
    <message>
        <source>within the noise</source>
        <translation>在随机波动之内</translation>
    </message>
    <message>
        <source>beyond the noise</source>
        <translation>超出随机波动</translation>
    </message>
    <message>
        <source>Over {n} seeds ({first}–{last}), 95% intervals</source>
        <translation>{n}个种子（{first}–{last}），95%区间</translation>
    </message>
    <message>
        <source>this run: {name}</source>
        <translation>本次运行：{name}</translation>
    </message>
    <message>
        <source>difference and change: this run minus reference, paired by seed (the same seeds on both sides), t interval</source>
        <translation>差值与变化：本次运行减参照，按种子配对（两侧使用相同种子），t区间</translation>
    </message>
    <message>
        <source>{n} run(s) failed and were left out: {why}</source>
        <translation>{n}次运行失败，已剔除：{why}</translation>
    </message>
    <message>
        <source>difference</source>
        <translation>差值</translation>
    </message>
    <message>
        <source>change</source>
        <translation>变化</translation>
    </message>
</context>
<context>
    <name>DemoView</name>
    <message>
        <source>Side by side: with and without</source>
        <translation>并排对比：有与无</translation>
    </message>
    <message>
        <source>Previous step (Left arrow)</source>
        <translation>上一步（左方向键）</translation>
    </message>
    <message>
        <source>Next step (Right arrow)</source>
        <translation>下一步（右方向键）</translation>
    </message>
    <message>
        <source>speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>as fast as possible</source>
        <translation>尽可能快</translation>
    </message>
    <message>
        <source>{n} sim-min/s</source>
        <translation>{n} 仿真分钟/秒</translation>
    </message>
    <message>
        <source>Demonstration speed: simulated minutes per second, the same for both runs</source>
        <translation>演示速度：每秒仿真分钟数，两次运行相同</translation>
    </message>
    <message>
        <source>Old-town speed (km/h)</source>
        <translation>古城车速（公里/小时）</translation>
    </message>
    <message>
        <source>Cars at transfer centres</source>
        <translation>换乘中心停放车辆</translation>
    </message>
    <message>
        <source>Solid: the left run; dashed: the right run. Red dashed line: 20 km/h congestion warning</source>
        <translation>实线：左侧运行；虚线：右侧运行。红色虚线：20公里/小时拥堵警戒线</translation>
    </message>
    <message>
        <source>Solid: the left run; dashed: the right run</source>
        <translation>实线：左侧运行；虚线：右侧运行</translation>
    </message>
    <message>
        <source>km/h</source>
        <translation>公里/小时</translation>
    </message>
    <message>
        <source>cars</source>
        <translation>辆</translation>
    </message>
    <message>
        <source>the 20 km/h congestion warning line</source>
        <translation>20公里/小时拥堵警戒线</translation>
    </message>
    <message>
        <source>old town {v} km/h: the general 2019 arterial speed (facts A), not a National Day figure</source>
        <translation>古城 {v} km/h：2019年总体干道车速（事实A），不是国庆数据</translation>
    </message>
    <message>
        <source>left</source>
        <translation>左侧</translation>
    </message>
    <message>
        <source>right</source>
        <translation>右侧</translation>
    </message>
    <message>
        <source>{a} and {b} share no day to show side by side</source>
        <translation>{a}与{b}没有共同的日期，无法并排显示</translation>
    </message>
    <message>
        <source>the scenarios do not simulate {date}</source>
        <translation>这些情景不包含{date}</translation>
    </message>
    <message>
        <source>Step {k} of {n}</source>
        <translation>第{k}步，共{n}步</translation>
    </message>
    <message>
        <source>A model has stalled</source>
        <translation>一个模型已停滞</translation>
    </message>
    <message>
        <source>Model {n} of 2 has sent nothing for {s:.0f} seconds; both runs wait for it. Wait, or stop the demonstration?</source>
        <translation>模型 {n}/2 已有 {s:.0f} 秒没有任何消息，两个运行都在等待它。继续等待，还是停止演示？</translation>
    </message>
    <message>
        <source>Wait</source>
        <translation>等待</translation>
    </message>
    <message>
        <source>Stop both runs</source>
        <translation>停止两个运行</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Play or pause both runs (Space)</source>
        <translation>播放或暂停两次运行（空格键）</translation>
    </message>
    <message>
        <source>old-town speed</source>
        <translation>古城车速</translation>
    </message>
    <message>
        <source>transfers today</source>
        <translation>今日换乘人次</translation>
    </message>
    <message>
        <source>diverted cars today</source>
        <translation>今日分流车辆</translation>
    </message>
    <message>
        <source>cars at transfer centres</source>
        <translation>换乘中心车辆</translation>
    </message>
    <message>
        <source>rings in force</source>
        <translation>生效的管控圈</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Differences between the two runs appear here as they happen.</source>
        <translation>两次运行之间的差异将在此实时显示。</translation>
    </message>
    <message>
        <source>Both runs started with empty roads: {why}</source>
        <translation>两侧运行均从空路网开始：{why}</translation>
    </message>
    <message>
        <source>Both runs started on {date} with empty roads: no run of the left scenario has passed that midnight in this window yet. Run it (or play the demonstration through it) and jump again to start from the state the day before left.</source>
        <translation>两侧运行均于{date}从空路网开始：本窗口中左侧情景尚无运行到达当日0时。请先运行该情景（或播放演示到该日），再转到这一天一次，即可从前一天留下的状态开始。</translation>
    </message>
</context>
<context>
    <name>JournalWatch</name>
    <message>
        <source>{0} trials finished; no best trial yet</source>
        <translation>已完成 {0} 次试验；尚无最佳试验</translation>
    </message>
    <message>
        <source>{0} trials finished. Best so far: trial {1}, loss {2} (sum of squared errors in band half-widths; at most the number of targets when all are inside)</source>
        <translation>已完成 {0} 次试验。目前最佳：第 {1} 次试验，损失 {2}（以允许范围半宽为单位的误差平方和；全部在范围内时不超过目标个数）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Nothing to report</source>
        <translation>没有可报告的内容</translation>
    </message>
    <message>
        <source>A report is made of a finished run; run the scenario to the end first.</source>
        <translation>报告只能由已完成的运行生成；请先将情景运行到结束。</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>导出报告</translation>
    </message>
    <message>
        <source>Web page (*.html)</source>
        <translation>网页 (*.html)</translation>
    </message>
    <message>
        <source>Wrote the report {path}</source>
        <translation>已写入报告 {path}</translation>
    </message>
    <message>
        <source>Export report (HTML)...</source>
        <translation>导出报告（HTML）...</translation>
    </message>
    <message>
        <source>One web page of this run, beside the held reference if there is one (as gusu report writes it)</source>
        <translation>本次运行的单个网页报告，如有保留的参照运行则并列对比（与 gusu report 相同）</translation>
    </message>
    <message>
        <source>Cannot open bundle</source>
        <translation>无法打开数据包</translation>
    </message>
    <message>
        <source>Run sweep...</source>
        <translation>运行参数扫描…</translation>
    </message>
    <message>
        <source>Run this scenario over a grid of values and seeds (gusu sweep), with progress and the time left</source>
        <translation>以一组参数取值和随机种子运行本情景（gusu sweep），显示进度和剩余时间</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Open scenario</source>
        <translation>打开情景</translation>
    </message>
    <message>
        <source>Scenario files (*.toml *.gusu);;All files (*)</source>
        <translation>情景文件 (*.toml *.gusu);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Run in progress</source>
        <translation>正在运行</translation>
    </message>
    <message>
        <source>Stop the run before opening another scenario.</source>
        <translation>请先停止运行，再打开其他情景。</translation>
    </message>
    <message>
        <source>Cannot open scenario</source>
        <translation>无法打开情景</translation>
    </message>
    <message>
        <source>{name} cannot be used:</source>
        <translation>{name}无法使用：</translation>
    </message>
    <message>
        <source>Save scenario as</source>
        <translation>情景另存为</translation>
    </message>
    <message>
        <source>Scenario files (*.toml)</source>
        <translation>情景文件 (*.toml)</translation>
    </message>
    <message>
        <source>Cannot save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <source>Fix the marked values first:</source>
        <translation>请先修正标出的数值：</translation>
    </message>
    <message>
        <source>{name} was not written:</source>
        <translation>{name}未能写入：</translation>
    </message>
    <message>
        <source>The comparison over seeds failed</source>
        <translation>多种子比较失败</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>修改记录</translation>
    </message>
    <message>
        <source>Cannot run</source>
        <translation>无法运行</translation>
    </message>
    <message>
        <source>Some values are not valid; fix the marked fields first:</source>
        <translation>部分数值无效；请先修正标出的字段：</translation>
    </message>
    <message>
        <source> (edited)</source>
        <translation>（已修改）</translation>
    </message>
    <message>
        <source>The run failed</source>
        <translation>运行失败</translation>
    </message>
    <message>
        <source>Cannot compare</source>
        <translation>无法比较</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>rings in force:</source>
        <translation>生效的管控圈：</translation>
    </message>
    <message>
        <source>Day {day}/{days} · {date} {time} · rings in force: {rings} · {veh} veh on the roads</source>
        <translation>第{day}/{days}天 · {date} {time} · 生效的管控圈：{rings} · 道路上{veh}辆车</translation>
    </message>
    <message>
        <source>{name} (held {time})</source>
        <translation>{name}（{time}保留）</translation>
    </message>
    <message>
        <source>Nothing to export</source>
        <translation>没有可导出的内容</translation>
    </message>
    <message>
        <source>Results are written when a run finishes; run the scenario to the end first.</source>
        <translation>结果在运行结束时写出；请先将情景运行到结束。</translation>
    </message>
    <message>
        <source>Export results into folder</source>
        <translation>将结果导出到文件夹</translation>
    </message>
    <message>
        <source>Export plots and map into folder</source>
        <translation>将图表和地图导出到文件夹</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>{folder}: {problem}. Files written so far are whole; nothing was left half written. Free some space or choose another folder.</source>
        <translation>{folder}：{problem}。已写入的文件完整，没有留下写了一半的文件。请释放磁盘空间或选择其他文件夹。</translation>
    </message>
    <message>
        <source>Wrote {n} files to {folder}</source>
        <translation>已将{n}个文件写入{folder}</translation>
    </message>
    <message>
        <source>Open lesson</source>
        <translation>打开课程</translation>
    </message>
    <message>
        <source>Lesson files (*.toml);;All files (*)</source>
        <translation>课程文件 (*.toml);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot open lesson</source>
        <translation>无法打开课程</translation>
    </message>
    <message>
        <source>The demonstration cannot go on</source>
        <translation>演示无法继续</translation>
    </message>
    <message>
        <source>Recording failed</source>
        <translation>录制失败</translation>
    </message>
    <message>
        <source>Nothing to record</source>
        <translation>没有可录制的内容</translation>
    </message>
    <message>
        <source>Start a side-by-side demonstration or a lesson first.</source>
        <translation>请先开始并排演示或课程。</translation>
    </message>
    <message>
        <source>Record the demonstration into folder</source>
        <translation>将演示录制到文件夹</translation>
    </message>
    <message>
        <source>Export demonstration</source>
        <translation>导出演示</translation>
    </message>
    <message>
        <source>One frame every ... simulated minutes:</source>
        <translation>每隔多少仿真分钟录制一帧：</translation>
    </message>
    <message>
        <source>Recording into {folder}</source>
        <translation>正在录制到{folder}</translation>
    </message>
    <message>
        <source>, and demo.mp4</source>
        <translation>，以及demo.mp4</translation>
    </message>
    <message>
        <source> (no ffmpeg: PNG frames only)</source>
        <translation>（未安装ffmpeg：仅PNG帧）</translation>
    </message>
    <message>
        <source>Wrote {n} frames to {folder}</source>
        <translation>已将{n}帧写入{folder}</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>&amp;Undo {edit}</source>
        <translation>撤销(&amp;U) {edit}</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo {edit}</source>
        <translation>重做(&amp;R) {edit}</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Play or pause both runs (Space)</source>
        <translation>播放或暂停两次运行（空格键）</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>as fast as possible</source>
        <translation>尽可能快</translation>
    </message>
    <message>
        <source>{n} sim-min/s</source>
        <translation>{n} 仿真分钟/秒</translation>
    </message>
    <message>
        <source>{n} sim-hour(s)/s</source>
        <translation>{n} 仿真小时/秒</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <source>{name} has changes that are not saved.</source>
        <translation>{name}有尚未保存的修改。</translation>
    </message>
    <message>
        <source>Save them first?</source>
        <translation>先保存吗？</translation>
    </message>
    <message>
        <source>&amp;Open...</source>
        <translation>打开(&amp;O)...</translation>
    </message>
    <message>
        <source>Open a scenario file (TOML)</source>
        <translation>打开情景文件（TOML）</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save the edits into the scenario file, keeping its comments</source>
        <translation>将修改保存到情景文件中，保留其注释</translation>
    </message>
    <message>
        <source>Save &amp;As...</source>
        <translation>另存为(&amp;A)...</translation>
    </message>
    <message>
        <source>Save the scenario under a new name</source>
        <translation>以新名称保存情景</translation>
    </message>
    <message>
        <source>Export results (CSV)...</source>
        <translation>导出结果（CSV）...</translation>
    </message>
    <message>
        <source>The files `gusu run --out` writes: summary.json, daily.csv, timeseries.csv</source>
        <translation>与 `gusu run --out` 写出的文件相同：summary.json、daily.csv、timeseries.csv</translation>
    </message>
    <message>
        <source>Export plots and map (PNG)...</source>
        <translation>导出图表和地图（PNG）...</translation>
    </message>
    <message>
        <source>map.png and one PNG per plot</source>
        <translation>map.png 以及每个图表一个PNG</translation>
    </message>
    <message>
        <source>Export demonstration...</source>
        <translation>导出演示...</translation>
    </message>
    <message>
        <source>Record the side-by-side demonstration as numbered PNG frames (and demo.mp4 where ffmpeg is installed)</source>
        <translation>将并排演示录制为编号的PNG帧（安装了ffmpeg时另生成demo.mp4）</translation>
    </message>
    <message>
        <source>Stop recording</source>
        <translation>停止录制</translation>
    </message>
    <message>
        <source>Finish the recording and write the video</source>
        <translation>结束录制并写出视频</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop the run (Esc)</source>
        <translation>停止运行（Esc）</translation>
    </message>
    <message>
        <source>Hold run as reference</source>
        <translation>保留本次运行作为参照</translation>
    </message>
    <message>
        <source>Keep this finished run to compare the next run against it</source>
        <translation>保留这次已完成的运行，用于与下一次运行对比</translation>
    </message>
    <message>
        <source>Clear reference</source>
        <translation>清除参照</translation>
    </message>
    <message>
        <source>Stop comparing</source>
        <translation>停止对比</translation>
    </message>
    <message>
        <source>Compare over seeds</source>
        <translation>多种子比较</translation>
    </message>
    <message>
        <source>Run the reference and this scenario over the seeds set in the figures dock, with 95% intervals</source>
        <translation>用数据面板中设定的种子数运行参照与本情景，并给出95%区间</translation>
    </message>
    <message>
        <source>Fit map to window</source>
        <translation>地图适应窗口</translation>
    </message>
    <message>
        <source>Show the whole network</source>
        <translation>显示整个路网</translation>
    </message>
    <message>
        <source>Zoom to old town</source>
        <translation>缩放到古城</translation>
    </message>
    <message>
        <source>Show the old town inside the moat</source>
        <translation>显示护城河内的古城</translation>
    </message>
    <message>
        <source>Targets against the model...</source>
        <translation>模型与目标对照...</translation>
    </message>
    <message>
        <source>Every published figure beside the model&apos;s mean, 95% interval and band (gusu calibrate-report)</source>
        <translation>每项公布数据与模型均值、95% 置信区间及允许范围对照（gusu calibrate-report）</translation>
    </message>
    <message>
        <source>Fit the assumptions...</source>
        <translation>拟合假设参数...</translation>
    </message>
    <message>
        <source>Fit the declared assumptions to the published figures (gusu calibrate), with progress and Cancel</source>
        <translation>将声明的假设参数拟合到公布数据（gusu calibrate），显示进度，可取消</translation>
    </message>
    <message>
        <source>Sensitivity of the figures...</source>
        <translation>指标的敏感性...</translation>
    </message>
    <message>
        <source>Which assumptions each headline figure rests on (the tornado of gusu sensitivity)</source>
        <translation>各项主要指标依赖哪些假设（gusu sensitivity 的龙卷风图）</translation>
    </message>
    <message>
        <source>C&amp;alibration</source>
        <translation>校准(&amp;A)</translation>
    </message>
    <message>
        <source>Side by side: with and without</source>
        <translation>并排对比：有与无</translation>
    </message>
    <message>
        <source>National Day 2019 with its rings beside the same week without them, on one clock</source>
        <translation>2019年国庆有管控圈与同一周无管控圈并排对比，共用一个时钟</translation>
    </message>
    <message>
        <source>Open lesson...</source>
        <translation>打开课程...</translation>
    </message>
    <message>
        <source>Open a lesson file (TOML)</source>
        <translation>打开课程文件（TOML）</translation>
    </message>
    <message>
        <source>Open sweep folder...</source>
        <translation>打开参数扫描文件夹…</translation>
    </message>
    <message>
        <source>Plot a figure of a sweep (the folder of gusu sweep --out) against a swept key</source>
        <translation>按扫描参数绘制参数扫描结果（gusu sweep --out 生成的文件夹）</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Next lesson step (Right arrow)</source>
        <translation>课程下一步（右方向键）</translation>
    </message>
    <message>
        <source>Previous step</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Previous lesson step (Left arrow)</source>
        <translation>课程上一步（左方向键）</translation>
    </message>
    <message>
        <source>Back to the planner&apos;s view</source>
        <translation>返回规划视图</translation>
    </message>
    <message>
        <source>Leave the demonstration; its runs are stopped</source>
        <translation>离开演示；演示中的运行将停止</translation>
    </message>
    <message>
        <source>Presentation view</source>
        <translation>演示视图</translation>
    </message>
    <message>
        <source>Full screen, large fonts, thick lines and high contrast for a projector (F11)</source>
        <translation>全屏、大字体、粗线条、高对比度，适合投影（F11）</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Compare</source>
        <translation>对比(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Demonstration</source>
        <translation>演示(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Lessons</source>
        <translation>课程(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>情景</translation>
    </message>
    <message>
        <source>Week figures</source>
        <translation>全周数据</translation>
    </message>
    <message>
        <source>speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Simulated time per wall-clock second: as fast as possible, or slower for demonstration</source>
        <translation>每秒实际时间对应的仿真时间：尽可能快，或为演示放慢</translation>
    </message>
    <message>
        <source>Share of the scenario&apos;s simulated days done</source>
        <translation>情景仿真天数的完成比例</translation>
    </message>
    <message>
        <source>Simulated day and time, rings in force, vehicles on the network (veh)</source>
        <translation>仿真日期和时间、生效的管控圈、路网上的车辆（辆）</translation>
    </message>
    <message>
        <source>Open sweep folder</source>
        <translation>打开参数扫描文件夹</translation>
    </message>
    <message>
        <source>Not a sweep folder</source>
        <translation>不是参数扫描文件夹</translation>
    </message>
    <message>
        <source>Run the scenario, or pause and resume it (Space)</source>
        <translation>运行情景，或暂停和继续（空格键）</translation>
    </message>
    <message>
        <source>no scenario</source>
        <translation>无情景</translation>
    </message>
    <message>
        <source> (unsaved changes)</source>
        <translation>（有未保存的修改）</translation>
    </message>
    <message>
        <source>scenario has invalid values</source>
        <translation>情景中有无效数值</translation>
    </message>
    <message>
        <source>comparing with {name}</source>
        <translation>正在与{name}对比</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>pausing</source>
        <translation>正在暂停</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>stopping</source>
        <translation>正在停止</translation>
    </message>
    <message>
        <source>stalled: the model sends nothing</source>
        <translation>已停滞：模型没有任何消息</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>The model has stalled</source>
        <translation>模型已停滞</translation>
    </message>
    <message>
        <source>The model process has sent nothing for {s:.0f} seconds. It may be stopped, swapping or stuck. Wait for it, or stop the run?</source>
        <translation>模型进程已有 {s:.0f} 秒没有任何消息，可能已被暂停、正在换页或卡住。继续等待，还是停止运行？</translation>
    </message>
    <message>
        <source>Wait</source>
        <translation>等待</translation>
    </message>
    <message>
        <source>Stop the run</source>
        <translation>停止运行</translation>
    </message>
    <message>
        <source>Results not written</source>
        <translation>结果未写入</translation>
    </message>
    <message>
        <source>The run is complete and stays in the window, but its result files could not be written to {folder}: {reason}. Choose another folder for them?</source>
        <translation>运行已完成并保留在窗口中，但其结果文件无法写入 {folder}：{reason}。要另选一个文件夹吗？</translation>
    </message>
    <message>
        <source>Choose another folder…</source>
        <translation>选择其他文件夹…</translation>
    </message>
    <message>
        <source>Keep the run without files</source>
        <translation>保留运行，不写文件</translation>
    </message>
    <message>
        <source>Write the results into folder</source>
        <translation>将结果写入文件夹</translation>
    </message>
    <message>
        <source>what-if from {moment} (solid); original dashed</source>
        <translation>假设分析自 {moment}（实线）；原运行为虚线</translation>
    </message>
    <message>
        <source>changed {moment}</source>
        <translation>{moment} 已修改</translation>
    </message>
    <message>
        <source>spaces</source>
        <translation>车位</translation>
    </message>
    <message>
        <source>open or closed</source>
        <translation>开放或关闭</translation>
    </message>
    <message>
        <source>zones served</source>
        <translation>服务区域</translation>
    </message>
    <message>
        <source>overflow</source>
        <translation>溢出去向</translation>
    </message>
    <message>
        <source>shuttle fleet</source>
        <translation>接驳车辆数</translation>
    </message>
    <message>
        <source>shuttle seats</source>
        <translation>接驳车座位</translation>
    </message>
    <message>
        <source>shuttle headway</source>
        <translation>接驳车发车间隔</translation>
    </message>
    <message>
        <source>shuttle hours</source>
        <translation>接驳车运营时间</translation>
    </message>
    <message>
        <source>ring {r}</source>
        <translation>{r}圈</translation>
    </message>
    <message>
        <source>rules</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>streets</source>
        <translation>道路</translation>
    </message>
    <message>
        <source>closures</source>
        <translation>封闭路段</translation>
    </message>
    <message>
        <source>one-way rules</source>
        <translation>单行规则</translation>
    </message>
    <message>
        <source>turn bans</source>
        <translation>禁止转向</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Apply now</source>
        <translation>现在应用</translation>
    </message>
    <message>
        <source>Apply to the running model now</source>
        <translation>现在就应用到运行中的模型</translation>
    </message>
    <message>
        <source>The running model goes on from this moment under the scenario as edited (Ctrl+Return)</source>
        <translation>运行中的模型从此时开始按编辑后的情景继续（Ctrl+Return）</translation>
    </message>
    <message>
        <source>What if from here...</source>
        <translation>从此处假设分析...</translation>
    </message>
    <message>
        <source>Run the scenario as edited from a moment of this run, beside the run as it was (Ctrl+W)</source>
        <translation>从本次运行的某一时间开始运行编辑后的情景，与原运行并列对比（Ctrl+W）</translation>
    </message>
    <message>
        <source>Cannot apply</source>
        <translation>无法应用</translation>
    </message>
    <message>
        <source>Some values are not valid; fix the marked fields first.</source>
        <translation>部分数值无效；请先修正标出的字段。</translation>
    </message>
    <message>
        <source>Sending the change to the running model...</source>
        <translation>正在向运行中的模型应用修改...</translation>
    </message>
    <message>
        <source>What-if from {moment}: {what}</source>
        <translation>假设分析自 {moment}：{what}</translation>
    </message>
    <message>
        <source>Changed at {moment}: {what}</source>
        <translation>已于 {moment} 修改：{what}</translation>
    </message>
    <message>
        <source>Change refused; the run goes on unchanged</source>
        <translation>修改未能生效；运行不变，继续进行</translation>
    </message>
    <message>
        <source>The change cannot take effect now</source>
        <translation>此修改现在无法生效</translation>
    </message>
    <message>
        <source>The run goes on unchanged.</source>
        <translation>运行不变，继续进行。</translation>
    </message>
    <message>
        <source>This what-if cannot start from a moment of the run</source>
        <translation>此假设分析无法从运行中的某一时间开始</translation>
    </message>
    <message>
        <source>Run the changed scenario from the start</source>
        <translation>从第一天开始运行修改后的情景</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Nothing to branch</source>
        <translation>没有可分析的修改</translation>
    </message>
    <message>
        <source>Edit the scenario first (in the form or on the map): a what-if runs it as edited.</source>
        <translation>请先编辑情景（在表单或地图上）：假设分析按编辑后的情景运行。</translation>
    </message>
    <message>
        <source>What if from here</source>
        <translation>从此处假设分析</translation>
    </message>
    <message>
        <source>Run the scenario as edited from this moment on, beside this run as it was.</source>
        <translation>从此时开始运行编辑后的情景，与本次原运行并列对比。</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>{name} (original)</source>
        <translation>{name}（原运行）</translation>
    </message>
    <message>
        <source>what-if from {moment}</source>
        <translation>假设分析自 {moment}</translation>
    </message>
    <message>
        <source>What-if from {moment}, run from the state kept at {start}</source>
        <translation>假设分析自 {moment}，从保存于 {start} 的状态开始运行</translation>
    </message>
    <message>
        <source>What-if from {moment}, run from the start (no state kept before it)</source>
        <translation>假设分析自 {moment}，从第一天开始运行（此前没有保存的状态）</translation>
    </message>
</context>
<context>
    <name>MapEdit</name>
    <message>
        <source>Transfer centre: {name}</source>
        <translation>换乘中心：{name}</translation>
    </message>
    <message>
        <source> spaces</source>
        <translation> 个车位</translation>
    </message>
    <message>
        <source> shuttles</source>
        <translation> 辆接驳车</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Car park open</source>
        <translation>停车场开放</translation>
    </message>
    <message>
        <source>Closed: no cars park here; its shuttles still run for walk-up tourists</source>
        <translation>关闭：不再停车；接驳车仍为步行到达的游客运行</translation>
    </message>
    <message>
        <source>Car spaces</source>
        <translation>停车位</translation>
    </message>
    <message>
        <source>Shuttles in service</source>
        <translation>运营接驳车</translation>
    </message>
    <message>
        <source>Time between departures</source>
        <translation>发车间隔</translation>
    </message>
    <message>
        <source>spaces</source>
        <translation>个车位</translation>
    </message>
    <message>
        <source>shuttles</source>
        <translation>辆接驳车</translation>
    </message>
    <message>
        <source>min headway</source>
        <translation>分钟发车间隔</translation>
    </message>
    <message>
        <source>car park open</source>
        <translation>停车场开放</translation>
    </message>
    <message>
        <source>car park closed</source>
        <translation>停车场关闭</translation>
    </message>
    <message>
        <source>eastbound</source>
        <translation>东行</translation>
    </message>
    <message>
        <source>northbound</source>
        <translation>北行</translation>
    </message>
    <message>
        <source>westbound</source>
        <translation>西行</translation>
    </message>
    <message>
        <source>southbound</source>
        <translation>南行</translation>
    </message>
    <message>
        <source>Close {street}, both directions</source>
        <translation>封闭 {street}（双向）</translation>
    </message>
    <message>
        <source>Close {street}</source>
        <translation>封闭 {street}</translation>
    </message>
    <message>
        <source>Works</source>
        <translation>施工</translation>
    </message>
    <message>
        <source>Works: {pct}% of capacity left open</source>
        <translation>施工：保留 {pct}% 通行能力</translation>
    </message>
    <message>
        <source>End the works on {street}</source>
        <translation>结束 {street} 的施工</translation>
    </message>
    <message>
        <source>Two-way again (now one-way {heading})</source>
        <translation>恢复双向（现为{heading}单行）</translation>
    </message>
    <message>
        <source>Two-way again: {street}</source>
        <translation>恢复双向：{street}</translation>
    </message>
    <message>
        <source>One-way {heading} ({link})</source>
        <translation>{heading}单行（{link}）</translation>
    </message>
    <message>
        <source>One-way {heading}: {street}</source>
        <translation>{heading}单行：{street}</translation>
    </message>
    <message>
        <source>{street}: closed by this scenario</source>
        <translation>{street}：本方案封闭</translation>
    </message>
    <message>
        <source>Reopen {street}</source>
        <translation>重新开放 {street}</translation>
    </message>
    <message>
        <source>works on {street}</source>
        <translation>{street} 施工</translation>
    </message>
    <message>
        <source>Works on {street}: {pct}% of capacity</source>
        <translation>{street} 施工：通行能力 {pct}%</translation>
    </message>
    <message>
        <source>Gate into ring {ring}: {name}</source>
        <translation>进入 {ring} 环的卡口：{name}</translation>
    </message>
    <message>
        <source>No rules on ring {ring}</source>
        <translation>{ring} 环没有规则</translation>
    </message>
    <message>
        <source>Refuses {refuse} on {days}, {hours}</source>
        <translation>{days}禁止{refuse}通行，{hours}</translation>
    </message>
    <message>
        <source>; exempt: {who}</source>
        <translation>；豁免：{who}</translation>
    </message>
    <message>
        <source>; only while {metric} is past {on}</source>
        <translation>；仅当 {metric} 超过 {on} 时</translation>
    </message>
    <message>
        <source>Ring {ring} in force</source>
        <translation>{ring} 环生效</translation>
    </message>
    <message>
        <source>Change the rules in the form...</source>
        <translation>在表单中修改规则...</translation>
    </message>
    <message>
        <source>New transfer centre: {name}</source>
        <translation>新换乘中心：{name}</translation>
    </message>
    <message>
        <source>Shuttles drive to</source>
        <translation>接驳车开往</translation>
    </message>
    <message>
        <source>Remove this centre</source>
        <translation>删除此换乘中心</translation>
    </message>
    <message>
        <source>Take transfer_centres.{cid} out of the scenario (undoable)</source>
        <translation>从情景中删除 transfer_centres.{cid}（可撤销）</translation>
    </message>
    <message>
        <source>Remove the transfer centre {name}</source>
        <translation>删除换乘中心 {name}</translation>
    </message>
    <message>
        <source>Add a transfer centre at {name}: {spaces}</source>
        <translation>在 {name} 新增换乘中心：{spaces}</translation>
    </message>
    <message>
        <source>No {movement}: {who}, {days}, {hours}</source>
        <translation>禁止 {movement}：{who}，{days}，{hours}</translation>
    </message>
    <message>
        <source>all vehicles</source>
        <translation>所有车辆</translation>
    </message>
    <message>
        <source>every day</source>
        <translation>每天</translation>
    </message>
    <message>
        <source>Turn bans at {name}</source>
        <translation>{name} 的禁止转向</translation>
    </message>
    <message>
        <source>Junction {name} (node {node}): {n} movements through it</source>
        <translation>路口 {name}（节点 {node}）：{n} 个通行方向</translation>
    </message>
    <message>
        <source>Turn bans in force here</source>
        <translation>此处生效的禁止转向</translation>
    </message>
    <message>
        <source>Lift the selected ban</source>
        <translation>取消所选禁令</translation>
    </message>
    <message>
        <source>A new ban</source>
        <translation>新增禁令</translation>
    </message>
    <message>
        <source>Movement</source>
        <translation>通行方向</translation>
    </message>
    <message>
        <source>the rule and its source</source>
        <translation>规定及其来源</translation>
    </message>
    <message>
        <source>Vehicles</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Kinds of day</source>
        <translation>日期类型</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>时段</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Ban this movement</source>
        <translation>禁止此通行方向</translation>
    </message>
    <message>
        <source>No turn bans here</source>
        <translation>此处无禁止转向</translation>
    </message>
    <message>
        <source>Ban {movement} {hours}</source>
        <translation>禁止 {movement} {hours}</translation>
    </message>
    <message>
        <source>Lift the ban {movement} {hours}</source>
        <translation>取消禁令 {movement} {hours}</translation>
    </message>
    <message>
        <source>Junction {name}</source>
        <translation>路口 {name}</translation>
    </message>
    <message>
        <source>Transfer centre {name} ({cid}): {spaces} car spaces{closed}; shuttle to {to}: {fleet} buses, every {headway} min, {hours}</source>
        <translation>换乘中心 {name}（{cid}）：{spaces} 个停车位{closed}；接驳车开往 {to}：{fleet} 辆，每 {headway} 分钟发车，{hours}</translation>
    </message>
    <message>
        <source> (closed)</source>
        <translation>（已关闭）</translation>
    </message>
    <message>
        <source>Turn bans at this junction... ({n} in force)</source>
        <translation>此路口的禁止转向...（{n} 条生效）</translation>
    </message>
    <message>
        <source>Add a transfer centre here...</source>
        <translation>在此新增换乘中心...</translation>
    </message>
    <message>
        <source>A centre needs a zone of the network at its node, and every zone here has one already</source>
        <translation>换乘中心需要路网在该节点有一个小区，此处的小区都已有换乘中心</translation>
    </message>
    <message>
        <source>A new centre at zone {zone}, with the schema&apos;s defaults</source>
        <translation>在小区 {zone} 新增换乘中心，使用默认值</translation>
    </message>
    <message>
        <source>Closing both directions, works and one-way streets hold for the whole run; “Close for a time…” closes one direction for some hours of one day.</source>
        <translation>双向封路、施工和单行在整个运行期间有效；“限时封闭…”只在某一天的某些时段封闭一个方向。</translation>
    </message>
    <message>
        <source>For the whole run, unless closed for a time</source>
        <translation>整个运行期间有效（限时封闭除外）</translation>
    </message>
    <message>
        <source>{day} {month_abbr}</source>
        <translation>{month}月{day}日</translation>
    </message>
    <message>
        <source>Close {street} {heading} {hours} on {date}</source>
        <translation>{date} {hours} 封闭{street}（{heading}）</translation>
    </message>
    <message>
        <source>Reopen {street} {heading} {hours} on {date}</source>
        <translation>取消封闭：{date} {hours} {street}（{heading}）</translation>
    </message>
    <message>
        <source>Close {street} for a time</source>
        <translation>限时封闭{street}</translation>
    </message>
    <message>
        <source>No vehicle turns into the street in the chosen direction during these hours; vehicles already on it drive off. Outside them it is open.</source>
        <translation>在这些时段内，任何车辆都不能驶入该街道的所选方向；已在路上的车辆驶离。其余时间照常通行。</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>00:00 here is midnight at the end of the day</source>
        <translation>此处 00:00 即当天的 24:00</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <source>The closure must end after it begins, on the same day.</source>
        <translation>封闭的结束时间应在同一天内、开始时间之后。</translation>
    </message>
    <message>
        <source>Close for a time…</source>
        <translation>限时封闭…</translation>
    </message>
    <message>
        <source>{street} {heading}: closed {date} {hours} ({link})</source>
        <translation>{street}（{heading}）：{date} {hours} 封闭（{link}）</translation>
    </message>
    <message>
        <source>{heading} closed {date} {hours}</source>
        <translation>{heading}{date} {hours} 封闭</translation>
    </message>
</context>
<context>
    <name>MapView</name>
    <message>
        <source>street closed</source>
        <translation>道路封闭</translation>
    </message>
    <message>
        <source>closed by this scenario: segment {seg}, {name}</source>
        <translation>本情景封闭：路段 {seg}，{name}</translation>
    </message>
    <message>
        <source>A moat ring</source>
        <translation>A 护城河圈</translation>
    </message>
    <message>
        <source>B Guanqian/Pingjiang</source>
        <translation>B 观前/平江</translation>
    </message>
    <message>
        <source>C Zhuozhengyuan core</source>
        <translation>C 拙政园核心区</translation>
    </message>
    <message>
        <source>D Shantang/Liuyuan (holiday)</source>
        <translation>D 山塘/留园（节假日）</translation>
    </message>
    <message>
        <source>non-local cars</source>
        <translation>外地车辆</translation>
    </message>
    <message>
        <source>Suzhou cars</source>
        <translation>苏州本地车辆</translation>
    </message>
    <message>
        <source>coaches</source>
        <translation>旅游大巴</translation>
    </message>
    <message>
        <source>buses</source>
        <translation>公交车</translation>
    </message>
    <message>
        <source>workdays</source>
        <translation>工作日</translation>
    </message>
    <message>
        <source>weekends</source>
        <translation>周末</translation>
    </message>
    <message>
        <source>holidays</source>
        <translation>节假日</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Link speed, last bin (km/h):</source>
        <translation>路段车速，最近时段（公里/小时）：</translation>
    </message>
    <message>
        <source>no traffic</source>
        <translation>无车流</translation>
    </message>
    <message>
        <source>&lt;b&gt;Rings&lt;/b&gt; (strong, solid, ● = in force now; faint, dashed = not):</source>
        <translation>&lt;b&gt;管控圈&lt;/b&gt;（深色实线、● = 当前生效；浅色虚线 = 未生效）：</translation>
    </message>
    <message>
        <source>gate (size = vehicles on it)</source>
        <translation>卡口（大小 = 车辆数）</translation>
    </message>
    <message>
        <source>transfer centre, fill = cars / spaces</source>
        <translation>换乘中心，填充 = 车辆/车位</translation>
    </message>
    <message>
        <source>shuttle</source>
        <translation>接驳车</translation>
    </message>
    <message>
        <source>moat</source>
        <translation>护城河</translation>
    </message>
    <message>
        <source>{title}
{parked}/{spaces} cars ({share})</source>
        <translation>{title}
{parked}/{spaces}辆（{share}）</translation>
    </message>
    <message>
        <source>{title}: {parked} of {spaces} spaces taken ({share})</source>
        <translation>{title}：{spaces}个车位已占用{parked}个（{share}）</translation>
    </message>
    <message>
        <source>Scroll to zoom, drag to pan; hover a street for its name and speed</source>
        <translation>滚轮缩放，拖动平移；鼠标悬停在道路上显示名称和车速</translation>
    </message>
    <message>
        <source>Fit all</source>
        <translation>显示全部</translation>
    </message>
    <message>
        <source>Show the whole network, transfer centres included</source>
        <translation>显示整个路网，包括换乘中心</translation>
    </message>
    <message>
        <source>Old town</source>
        <translation>古城</translation>
    </message>
    <message>
        <source>Zoom to the old town inside the moat (3.9 km x 3.7 km)</source>
        <translation>缩放到护城河内的古城（3.9公里 x 3.7公里）</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <source>The moat (护城河), about 15.5 km round the old town</source>
        <translation>护城河，环绕古城约15.5公里</translation>
    </message>
    <message>
        <source>no rule in this scenario</source>
        <translation>本情景中无规则</translation>
    </message>
    <message>
        <source>rules: </source>
        <translation>规则：</translation>
    </message>
    <message>
        <source>{who} refused {hours} on {days}</source>
        <translation>{days} {hours} 禁止{who}</translation>
    </message>
    <message>
        <source>IN FORCE now</source>
        <translation>当前生效</translation>
    </message>
    <message>
        <source>not in force now</source>
        <translation>当前未生效</translation>
    </message>
    <message>
        <source>Ring {ring}: {name}</source>
        <translation>{ring}圈：{name}</translation>
    </message>
    <message>
        <source>Gate into ring {ring}: {name}</source>
        <translation>进入{ring}圈的卡口：{name}</translation>
    </message>
    <message>
        <source>{name}
{veh} vehicles on the gate link (veh)</source>
        <translation>{name}
卡口路段上{veh}辆车</translation>
    </message>
    <message>
        <source>{title} (closed)</source>
        <translation>{title}（关闭）</translation>
    </message>
    <message>
        <source>{name}: timed entry {cap} persons/h</source>
        <translation>{name}：分时预约入园 {cap} 人/小时</translation>
    </message>
    <message>
        <source>one-way by this scenario (network.one_way_links)</source>
        <translation>本情景设为单行（network.one_way_links）</translation>
    </message>
    <message>
        <source>one-way</source>
        <translation>单行</translation>
    </message>
    <message>
        <source>works: capacity x{factor}</source>
        <translation>施工：通行能力 x{factor}</translation>
    </message>
    <message>
        <source>{speed} km/h in the last bin</source>
        <translation>最近时段 {speed} 公里/小时</translation>
    </message>
    <message>
        <source>no traffic in the last bin</source>
        <translation>最近时段无车流</translation>
    </message>
    <message>
        <source>arterial</source>
        <translation>主干道</translation>
    </message>
    <message>
        <source>secondary street</source>
        <translation>次干道</translation>
    </message>
    <message>
        <source>ring road</source>
        <translation>环路</translation>
    </message>
    <message>
        <source>expressway</source>
        <translation>快速路</translation>
    </message>
    <message>
        <source>bridge</source>
        <translation>桥</translation>
    </message>
    <message>
        <source>access road</source>
        <translation>连接道路</translation>
    </message>
    <message>
        <source>{kind}, {lanes} lane(s), free {free} km/h, {cap} veh/h</source>
        <translation>{kind}，{lanes}车道，自由流 {free} 公里/小时，{cap} 辆/小时</translation>
    </message>
    <message>
        <source>segment {segment}, link {link}</source>
        <translation>路段 {segment}，链路 {link}</translation>
    </message>
</context>
<context>
    <name>PlotPanel</name>
    <message>
        <source>day {n}</source>
        <translation>第{n}天</translation>
    </message>
    <message>
        <source>old town {v} km/h: general 2019 figure</source>
        <translation>古城 {v} km/h：2019年总体数据</translation>
    </message>
    <message>
        <source>{set}: daily mean {v}</source>
        <translation>{set}：日均 {v}</translation>
    </message>
    <message>
        <source>{set}: peak day {v} ({date})</source>
        <translation>{set}：最高日 {v}（{date}）</translation>
    </message>
    <message>
        <source>{set}: peak day ~{v}</source>
        <translation>{set}：最高日约 {v}</translation>
    </message>
    <message>
        <source>old town (ring A)</source>
        <translation>古城（A圈）</translation>
    </message>
    <message>
        <source>ring {ring}</source>
        <translation>{ring}圈</translation>
    </message>
    <message>
        <source>ref: old town</source>
        <translation>参照：古城</translation>
    </message>
    <message>
        <source>Cars parked at each transfer centre, in % of its spaces, at the end of each bin.</source>
        <translation>每个统计时段结束时各换乘中心停放的车辆，占其车位的百分比。</translation>
    </message>
    <message>
        <source>Vehicles waiting at the gates of each ring (veh) at the end of each bin.</source>
        <translation>每个统计时段结束时各管控圈卡口等候的车辆（辆）。</translation>
    </message>
    <message>
        <source>Scroll to zoom, drag to pan, right-click for the plot menu (export, ranges).</source>
        <translation>滚轮缩放，拖动平移，右键打开图表菜单（导出、范围）。</translation>
    </message>
    <message>
        <source>congestion warning line {v} km/h</source>
        <translation>拥堵警戒线 {v} 公里/小时</translation>
    </message>
    <message>
        <source>grey dotted: the {v} km/h published as the old town&apos;s general 2019 arterial speed (facts A, first part of the answer; not a National Day figure).</source>
        <translation>灰色点线：公布的古城2019年总体干道车速 {v} km/h（事实A，答问第一部分；不是国庆数据）。</translation>
    </message>
    <message>
        <source>No speed was published for this set.</source>
        <translation>这组数据未公布车速。</translation>
    </message>
    <message>
        <source>None published for {set}.</source>
        <translation>{set}未公布此项。</translation>
    </message>
    <message>
        <source>Grey lines: {set}, daily mean and peak day (facts A); the week total only beside a whole finished week.</source>
        <translation>灰线：{set}的日均值与最高日（事实A）；全周总数只与跑完的整周并列。</translation>
    </message>
    <message>
        <source>Space-mean speed on arterials (km/h) per reporting bin: vehicle-km over vehicle-hours, per ring and inside the moat. Red dashed: the {line} km/h congestion warning line; </source>
        <translation>每个统计时段的干道空间平均车速（km/h）：车公里除以车小时，按圈层及护城河以内统计。红色虚线：{line} km/h 拥堵警戒线；</translation>
    </message>
    <message>
        <source>Transfers per day (persons): shuttle boardings as the scenario&apos;s [counting] section defines them.</source>
        <translation>每日换乘（人次）：按情景 [counting] 部分定义的接驳车上车人次。</translation>
    </message>
    <message>
        <source>Diverted cars per day (cars): self-drive tourist cars turned away at a ring gate or giving up their parking search, sent to a transfer centre.</source>
        <translation>每日分流车辆（辆）：在圈层卡口被劝返或放弃寻找车位、转往换乘中心的自驾游客车辆。</translation>
    </message>
    <message>
        <source>Speed on arterials per ring (space-mean per bin)</source>
        <translation>各管控圈主干道车速（每时段空间平均）</translation>
    </message>
    <message>
        <source>speed (km/h)</source>
        <translation>车速（公里/小时）</translation>
    </message>
    <message>
        <source>simulated time</source>
        <translation>仿真时间</translation>
    </message>
    <message>
        <source>Transfers per day</source>
        <translation>每日换乘人次</translation>
    </message>
    <message>
        <source>transfers (persons/day)</source>
        <translation>换乘（人次/天）</translation>
    </message>
    <message>
        <source>Diverted cars per day</source>
        <translation>每日分流车辆</translation>
    </message>
    <message>
        <source>diverted cars (cars/day)</source>
        <translation>分流车辆（辆/天）</translation>
    </message>
    <message>
        <source>Transfer-centre occupancy</source>
        <translation>换乘中心占用率</translation>
    </message>
    <message>
        <source>cars parked (% of spaces)</source>
        <translation>停放车辆（占车位%）</translation>
    </message>
    <message>
        <source>Queues at the ring gates</source>
        <translation>管控圈卡口排队</translation>
    </message>
    <message>
        <source>vehicles waiting (veh)</source>
        <translation>等候车辆（辆）</translation>
    </message>
    <message>
        <source>day ({month})</source>
        <translation>日期（{month}）</translation>
    </message>
    <message>
        <source>day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>week total</source>
        <translation>全周合计</translation>
    </message>
    <message>
        <source>mean per day</source>
        <translation>日均</translation>
    </message>
    <message>
        <source>reference {v}</source>
        <translation>参照 {v}</translation>
    </message>
    <message>
        <source>model {v}</source>
        <translation>模型 {v}</translation>
    </message>
    <message>
        <source>{set}: {v}</source>
        <translation>{set}：{v}</translation>
    </message>
    <message>
        <source>{set}: none published</source>
        <translation>{set}：未公布</translation>
    </message>
    <message>
        <source>general 2019 figure {v}</source>
        <translation>2019年总体数据 {v}</translation>
    </message>
    <message>
        <source>no speed published</source>
        <translation>未公布车速</translation>
    </message>
    <message>
        <source>old town 07:00-19:00, mean of days (km/h):</source>
        <translation>古城7:00-19:00各日平均（公里/小时）：</translation>
    </message>
    <message>
        <source>whiskers: 95% interval, {n} seeds</source>
        <translation>误差线：95%区间，{n}个种子</translation>
    </message>
</context>
<context>
    <name>ScenarioForm</name>
    <message>
        <source>Run and calendar</source>
        <translation>运行与日历</translation>
    </message>
    <message>
        <source>Network and works</source>
        <translation>路网与施工</translation>
    </message>
    <message>
        <source>Rings and rules</source>
        <translation>管控圈与规则</translation>
    </message>
    <message>
        <source>Parking and transfer centres</source>
        <translation>停车与换乘中心</translation>
    </message>
    <message>
        <source>Shuttles</source>
        <translation>接驳车</translation>
    </message>
    <message>
        <source>Demand</source>
        <translation>交通需求</translation>
    </message>
    <message>
        <source>Behaviour</source>
        <translation>出行行为</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Ring {ring}</source>
        <translation>{ring} 环</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>日历</translation>
    </message>
    <message>
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Reporting bin</source>
        <translation>统计时段</translation>
    </message>
    <message>
        <source>Routes recomputed every</source>
        <translation>路径重算间隔</translation>
    </message>
    <message>
        <source>Platoon size</source>
        <translation>车队规模</translation>
    </message>
    <message>
        <source>Gridlock release after</source>
        <translation>死锁释放时间</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>路网</translation>
    </message>
    <message>
        <source>Network file</source>
        <translation>路网文件</translation>
    </message>
    <message>
        <source>Closed streets (segment ids)</source>
        <translation>封闭道路（路段编号）</translation>
    </message>
    <message>
        <source>One-way streets (link ids)</source>
        <translation>单行道路（路段方向编号）</translation>
    </message>
    <message>
        <source>Road works</source>
        <translation>道路施工</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>路段</translation>
    </message>
    <message>
        <source>Capacity left open</source>
        <translation>保留通行能力</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Kind of day</source>
        <translation>日期类型</translation>
    </message>
    <message>
        <source>Traffic factor</source>
        <translation>交通系数</translation>
    </message>
    <message>
        <source>Tourist factor</source>
        <translation>游客系数</translation>
    </message>
    <message>
        <source>Rings</source>
        <translation>管控环</translation>
    </message>
    <message>
        <source>In force</source>
        <translation>生效</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>禁止</translation>
    </message>
    <message>
        <source>Exempt</source>
        <translation>豁免</translation>
    </message>
    <message>
        <source>On kinds of day</source>
        <translation>适用日期类型</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>时段</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>触发条件</translation>
    </message>
    <message>
        <source>Watches</source>
        <translation>监测指标</translation>
    </message>
    <message>
        <source>Switches on at</source>
        <translation>开启阈值</translation>
    </message>
    <message>
        <source>Switches off at</source>
        <translation>关闭阈值</translation>
    </message>
    <message>
        <source>Parking</source>
        <translation>停车</translation>
    </message>
    <message>
        <source>Spaces by zone</source>
        <translation>各区车位</translation>
    </message>
    <message>
        <source>Spaces in other zones</source>
        <translation>其他区车位</translation>
    </message>
    <message>
        <source>Search given up after</source>
        <translation>放弃找车位时间</translation>
    </message>
    <message>
        <source>Transfer centres</source>
        <translation>换乘中心</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>开放</translation>
    </message>
    <message>
        <source>Car spaces</source>
        <translation>停车位</translation>
    </message>
    <message>
        <source>Serves zones</source>
        <translation>服务区域</translation>
    </message>
    <message>
        <source>Overflow to</source>
        <translation>满位后转往</translation>
    </message>
    <message>
        <source>Shuttle</source>
        <translation>接驳车</translation>
    </message>
    <message>
        <source>Drives to</source>
        <translation>开往</translation>
    </message>
    <message>
        <source>Seats</source>
        <translation>座位</translation>
    </message>
    <message>
        <source>Headway</source>
        <translation>发车间隔</translation>
    </message>
    <message>
        <source>Fleet</source>
        <translation>车队</translation>
    </message>
    <message>
        <source>Service hours</source>
        <translation>服务时间</translation>
    </message>
    <message>
        <source>Attractions</source>
        <translation>景点</translation>
    </message>
    <message>
        <source>Zone</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Entry cap</source>
        <translation>入园上限</translation>
    </message>
    <message>
        <source>Vehicles a day</source>
        <translation>每日车辆</translation>
    </message>
    <message>
        <source>Persons a day</source>
        <translation>每日人数</translation>
    </message>
    <message>
        <source>Hourly profile</source>
        <translation>小时分布</translation>
    </message>
    <message>
        <source>Workday</source>
        <translation>工作日</translation>
    </message>
    <message>
        <source>Weekend</source>
        <translation>周末</translation>
    </message>
    <message>
        <source>Holiday</source>
        <translation>节假日</translation>
    </message>
    <message>
        <source>Compliance</source>
        <translation>遵守率</translation>
    </message>
    <message>
        <source>New-energy plates</source>
        <translation>新能源车牌</translation>
    </message>
    <message>
        <source>Non-local plates</source>
        <translation>外地车牌</translation>
    </message>
    <message>
        <source>Non-local tourist plates</source>
        <translation>外地游客车牌</translation>
    </message>
    <message>
        <source>Residents&apos; trips inside</source>
        <translation>居民市内出行</translation>
    </message>
    <message>
        <source>Persons per tourist car</source>
        <translation>每车游客人数</translation>
    </message>
    <message>
        <source>Visit length</source>
        <translation>游览时长</translation>
    </message>
    <message>
        <source>Counting</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Count walk-up tourists</source>
        <translation>计入步行到达游客</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation>对比数据</translation>
    </message>
    <message>
        <source>non-local cars</source>
        <translation>外地车</translation>
    </message>
    <message>
        <source>local cars</source>
        <translation>本地车</translation>
    </message>
    <message>
        <source>coaches</source>
        <translation>旅游大巴</translation>
    </message>
    <message>
        <source>buses</source>
        <translation>公交车</translation>
    </message>
    <message>
        <source>new-energy plates</source>
        <translation>新能源车牌</translation>
    </message>
    <message>
        <source>permit holders</source>
        <translation>持证车辆</translation>
    </message>
    <message>
        <source>workdays</source>
        <translation>工作日</translation>
    </message>
    <message>
        <source>weekends</source>
        <translation>周末</translation>
    </message>
    <message>
        <source>holidays</source>
        <translation>节假日</translation>
    </message>
    <message>
        <source>on</source>
        <translation>开</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>（未设置）</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Add {key} with the schema&apos;s defaults</source>
        <translation>按方案默认值添加 {key}</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>Expected: {what}</source>
        <translation>应为：{what}</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Add an item to {key}: a copy of the last, or the schema&apos;s defaults</source>
        <translation>向 {key} 添加一项：复制最后一项，或用方案默认值</translation>
    </message>
    <message>
        <source>Add a centre...</source>
        <translation>添加换乘中心...</translation>
    </message>
    <message>
        <source>Add a transfer centre at a zone of the network</source>
        <translation>在路网的某个区域添加换乘中心</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Remove {key}</source>
        <translation>删除 {key}</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Take {key} out of the scenario</source>
        <translation>从方案中去掉 {key}</translation>
    </message>
    <message>
        <source>comma-separated</source>
        <translation>以逗号分隔</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>Add {key}</source>
        <translation>添加 {key}</translation>
    </message>
    <message>
        <source>Add to {key}</source>
        <translation>添加到 {key}</translation>
    </message>
    <message>
        <source>Zone id of the new centre:</source>
        <translation>新换乘中心的区域编号：</translation>
    </message>
    <message>
        <source>... and {n} more</source>
        <translation>……另有{n}项</translation>
    </message>
    <message>
        <source>{n} problem(s), fix before running:</source>
        <translation>{n}个问题，运行前请修正：</translation>
    </message>
    <message>
        <source>day</source>
        <translation>日</translation>
    </message>
    <message>
        <source>ring rule</source>
        <translation>管控环规则</translation>
    </message>
    <message>
        <source>road works</source>
        <translation>道路施工</translation>
    </message>
    <message>
        <source>turn ban</source>
        <translation>禁止转向</translation>
    </message>
    <message>
        <source>Move {item} {n} up</source>
        <translation>上移{item} {n}</translation>
    </message>
    <message>
        <source>Move {item} {n} down</source>
        <translation>下移{item} {n}</translation>
    </message>
    <message>
        <source>Move {key} up</source>
        <translation>上移 {key}</translation>
    </message>
    <message>
        <source>Move {key} down</source>
        <translation>下移 {key}</translation>
    </message>
    <message>
        <source>; the dates stay in order, the kind of day and its factors move</source>
        <translation>；日期顺序不变，移动的是日期类型及其系数</translation>
    </message>
    <message>
        <source>From (hour:minute)</source>
        <translation>开始（时:分）</translation>
    </message>
    <message>
        <source>To (hour:minute); 00:00 is the start of the day, tick 24:00 to run to midnight</source>
        <translation>结束（时:分）；00:00 是一天的开始，选中 24:00 即到当天结束</translation>
    </message>
    <message>
        <source>To midnight: the window runs to the end of the day (24:00)</source>
        <translation>时段持续到当天结束（24:00）</translation>
    </message>
    <message>
        <source>Move this window up</source>
        <translation>上移此时段</translation>
    </message>
    <message>
        <source>Move this window down</source>
        <translation>下移此时段</translation>
    </message>
    <message>
        <source>Remove this window</source>
        <translation>删除此时段</translation>
    </message>
    <message>
        <source>Add a window</source>
        <translation>添加时段</translation>
    </message>
    <message>
        <source>Add an hour window (the whole day)</source>
        <translation>添加一个时段（全天）</translation>
    </message>
    <message>
        <source>Move hour window {n} ({hours}) up</source>
        <translation>上移时段 {n}（{hours}）</translation>
    </message>
    <message>
        <source>Move hour window {n} ({hours}) down</source>
        <translation>下移时段 {n}（{hours}）</translation>
    </message>
    <message>
        <source>Remove hour window {hours}</source>
        <translation>删除时段 {hours}</translation>
    </message>
    <message>
        <source>Add hour window {hours}</source>
        <translation>添加时段 {hours}</translation>
    </message>
</context>
<context>
    <name>SweepRunDialog</name>
    <message>
        <source>Run sweep</source>
        <translation>运行参数扫描</translation>
    </message>
    <message>
        <source>one KEY=V1,V2,... per line, e.g. transfer_centres.north_bus_station.car_spaces=400,800,1200</source>
        <translation>每行一个 KEY=V1,V2,…，例如 transfer_centres.north_bus_station.car_spaces=400,800,1200</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>scenario</source>
        <translation>情景</translation>
    </message>
    <message>
        <source>keys and values</source>
        <translation>参数与取值</translation>
    </message>
    <message>
        <source>seeds per variant</source>
        <translation>每个方案的随机种子数</translation>
    </message>
    <message>
        <source>worker processes</source>
        <translation>工作进程数</translation>
    </message>
    <message>
        <source>results folder</source>
        <translation>结果文件夹</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>starting...</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>{0} of {1} runs done; about {2} left</source>
        <translation>已完成 {0}/{1} 次运行；约剩 {2}</translation>
    </message>
    <message>
        <source>{0} of {1} runs done</source>
        <translation>已完成 {0}/{1} 次运行</translation>
    </message>
    <message>
        <source>done: {0}</source>
        <translation>完成：{0}</translation>
    </message>
    <message>
        <source>the sweep stopped (exit status {0})</source>
        <translation>参数扫描已停止（退出状态 {0}）</translation>
    </message>
    <message>
        <source>cancelled; the runs already finished are kept: Run again resumes</source>
        <translation>已取消；已完成的运行会保留：再次运行将继续</translation>
    </message>
    <message>
        <source>Results folder</source>
        <translation>结果文件夹</translation>
    </message>
</context>
<context>
    <name>SweepView</name>
    <message>
        <source>Sweep: {0}</source>
        <translation>参数扫描：{0}</translation>
    </message>
    <message>
        <source>figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>against</source>
        <translation>横轴</translation>
    </message>
    <message>
        <source>points: mean over the seeds; bars: 95% interval of the mean</source>
        <translation>点：各随机种子的平均值；误差线：平均值的95%置信区间</translation>
    </message>
</context>
<context>
    <name>TargetsPanel</name>
    <message>
        <source>persons</source>
        <translation>人次</translation>
    </message>
    <message>
        <source>cars</source>
        <translation>辆</translation>
    </message>
    <message>
        <source>model minus target, % of the target (shaded: the target&apos;s band; whisker: 95% interval)</source>
        <translation>模型减目标，占目标的百分比（阴影：目标的允许范围；误差线：95% 置信区间）</translation>
    </message>
    <message>
        <source>figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>band</source>
        <translation>允许范围</translation>
    </message>
    <message>
        <source>model mean</source>
        <translation>模型均值</translation>
    </message>
    <message>
        <source>95% interval</source>
        <translation>95% 置信区间</translation>
    </message>
    <message>
        <source>error, % of target</source>
        <translation>误差（占目标 %）</translation>
    </message>
    <message>
        <source>inside band</source>
        <translation>在范围内</translation>
    </message>
    <message>
        <source>source of the target</source>
        <translation>目标来源</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>NO</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>TornadoPanel</name>
    <message>
        <source>Transfers</source>
        <translation>换乘人次</translation>
    </message>
    <message>
        <source>Diverted cars</source>
        <translation>被分流车辆</translation>
    </message>
    <message>
        <source>Old-town speed</source>
        <translation>古城车速</translation>
    </message>
    <message>
        <source>Ring C speed</source>
        <translation>C 环车速</translation>
    </message>
    <message>
        <source>Shuttle wait</source>
        <translation>接驳车等候</translation>
    </message>
    <message>
        <source>Parking search</source>
        <translation>寻找车位</translation>
    </message>
    <message>
        <source>{0}: mu* ({1}) with 95% interval</source>
        <translation>{0}：mu*（{1}）及 95% 置信区间</translation>
    </message>
</context>
<context>
    <name>WeekFigures</name>
    <message>
        <source>seeds</source>
        <translation>种子数</translation>
    </message>
    <message>
        <source>How many seeds each side runs: more seeds, narrower intervals, longer wait</source>
        <translation>每侧运行的种子数：种子越多，区间越窄，等待越久</translation>
    </message>
    <message>
        <source>Compare over seeds</source>
        <translation>多种子比较</translation>
    </message>
    <message>
        <source>Run the held reference and this scenario over the same seeds on the local process pool, and show each figure with its 95% interval</source>
        <translation>在本机进程池上用相同种子运行保留的参照与本情景，并给出每项数据的95%区间</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>{done} of {total} runs</source>
        <translation>已完成 {done}/{total} 次运行</translation>
    </message>
</context>
</TS>
