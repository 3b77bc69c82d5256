"""Problem codes of rules over the whole catalog: formats, registries, references, 索引号. Data only: see __init__.py for the fields."""

from .code import ERROR, WARNING, Code, Section

SECTIONS = (
    Section("formats", "书写格式", (
        Code("full-width-digits", ERROR, "数字、日期、文号或编码中有全角字符", "消息给出半角写法"),
        Code("doc-no-brackets", ERROR, "文号年份用了 `[]`、`【】`、`()` 等（印发的文件都用 `〔〕`，这是录入错误）", "消息给出 `〔〕` 写法，如 `东府办〔2016〕47号`"),
        Code("doc-no-format", ERROR, "文号写成了“无”“-”等：这不是文号", "没有文号时删去 `doc_no` 这一行"),
        Code("doc-no-as-issued", WARNING, "文号与 GB/T 9704 的写法不同，但可能就是原件的写法：序号有前导 0（`沪府发〔1999〕043号`）或序号前有“第”（`……公告〔2015〕第43号`）。消息给出规范写法", "照原件的不改（网站按原样显示）；录入时打错的按消息改正", as_issued=True),
        Code("doc-no-unusual", WARNING, "文号不是常见写法（`机关代字〔年份〕序号号`、`……令第N号`、`……令2016年第62号`、`……公告2015年第41号` 都是常见写法）", "对照原件核对；照原件写的不用改", as_issued=True),
        Code("date-format", ERROR, "日期写成 `2016年5月23日`、`2016/5/23` 等", "消息给出 ISO 写法 `2016-05-23`"),
        Code("date-invalid", ERROR, "日期不存在，如 `2016-02-30`", "核对月和日"),
        Code("date-order", ERROR, "发布日期早于成文日期；采购公告早于它所公告的事实（如发布日期早于合同签订日期），或截止时间早于发布日期；政策文件的失效日期不晚于施行日期，废止日期早于成文日期（错误）或施行日期（警告）", "核对两个日期", levels="错误/警告", as_issued=True),
        Code("index-no-format", ERROR, "索引号格式不对", "`统一社会信用代码/年份-5位流水号`，或删去由 build.py 分配；原信息公开系统按其他规则公布的号码加一行 `index_no_legacy: true` 照原样保留（见 [import.md](import.md#沿用原索引号)）"),
        Code("index-no-legacy-format", ERROR, "沿用的原索引号（`index_no_legacy: true`）含空格、`? # % < > \" ' | * : & ^ { } [ ] \\` 等不能作为网址和文件名的字符，以 `/` 开头或结尾、有 `//` 或 `.`、`..` 段，或超过 80 个字符", "对照原系统公布的号码核对；录入有误的改正，原号码确实如此的删去 `index_no` 和 `index_no_legacy` 由 build.py 分配新号，并在 `summary` 中注明原索引号"),
        Code("index-no-legacy-missing", ERROR, "写了 `index_no_legacy: true`（沿用原索引号），却没有 `index_no`", "写上原系统公布的索引号，或删去 `index_no_legacy`"),
        Code("uscc-format", ERROR, "统一社会信用代码位数、字符或校验码（GB 32100）不对", "对照法人证书核对"),
        Code("uscc-check", ERROR, "统一社会信用代码位数、字符或校验码（GB 32100）不对", "对照法人证书核对"),
    )),
    Section("references", "名录、引用和唯一性", (
        Code("catalog-missing", ERROR, "找不到 catalog 文件夹", "检查 mkdocs.yml 的 `catalog_dir`"),
        Code("registry-missing", ERROR, "缺少 organs.yml 或 topics.yml", "新建名录文件"),
        Code("registry-format", ERROR, "名录不是列表，或某项不是键值对", "每项以 `- id: …` 开头"),
        Code("config-format", ERROR, "`mkdocs.yml` 不是“键: 值”形式，`gk-catalog` 的设置不是键值对，或 `catalog_dir`、`private_dir`、`attachments_dir` 不是一段文字（写成了列表、数字或空值）", "按消息所指的行改正；`mkdocs.yml` 的 YAML 错误、编码、别名也按本页的 `yaml-*`、`file-*` 代码报告，所有命令都先检查它"),
        Code("config-missing", ERROR, "找不到 `-f` 指定的（或当前文件夹的）`mkdocs.yml`", "在网站项目文件夹中运行，或用 `-f` 指定"),
        Code("config-validation", ERROR, "`mkdocs.yml` 的 `validation` 写错：不是代码的列表，代码不存在，代码不可调整，或在 `ignore` 中写了只会是错误的代码（消息指向 `mkdocs.yml` 的行）", "只写[问题代码一览](#validation)中“可调整”一栏打 ✓ 的代码"),
        Code("search-duplicate", WARNING, "`mkdocs.yml` 同时启用了 Material 自带的 `search` 和 `gk-search`：页面上仍是搜不到中文词的搜索框", "删除 plugins 中的 `- search` 这一行", adjustable=False),
        Code("search-needs-catalog", ERROR, "`mkdocs.yml` 启用了 `gk-search`，却没有 `gk-catalog` 插件", "在 plugins 中加上 `- gk-catalog`"),
        Code("search-no-catalog", WARNING, "`gk-catalog` 没有生成公开目录（目录有错误），本次不生成搜索索引", "改正 `check` 报告的错误", adjustable=False),
        Code("duplicate-id", ERROR, "名录中编号重复", "换一个编号"),
        Code("registry-id-format", ERROR, "名录编号（机构、主题、负面清单的 `id`）含字母、数字、`-`、`_` 以外的字符；编号是列表页网址和文件夹名的一部分", "改成如 `dg-finance` 的编号，并修改引用它的条目"),
        Code("unknown-organ", ERROR, "发布机构编号不在 organs.yml 中（给出最接近的编号；写成了名称时给出对应编号）", "改用已登记的编号，或先登记"),
        Code("unknown-topic", ERROR, "主题分类编号不存在", "同上，见 topics.yml"),
        Code("unknown-exemption", ERROR, "不予公开依据不在负面清单中", "同上，见 negative-list.yml"),
        Code("exemption-missing", ERROR, "依申请公开或不予公开的条目没写 `exemption`", "写负面清单编号，或改为主动公开"),
        Code("exemption-unused", ERROR, "主动公开的条目写了 `exemption`", "删去，或改公开属性"),
        Code("duplicate-index-no", ERROR, "两个条目的索引号相同（消息给出另一个文件和行；另一个不予公开时不列出它）", "删去新条目的 `index_no` 行，由 build.py 重新分配"),
        Code("index-no-prefix", WARNING, "索引号前段与发布机构的统一社会信用代码不符（`index_no_legacy: true` 的条目不检查）", "已发布的不改：原信息公开系统公布的号码加一行 `index_no_legacy: true`；未发布的删去重新分配"),
        Code("index-no-taken", ERROR, "`check` 在分支上：本分支写入的索引号在基准分支（`--base`，默认 origin/main 或 main）中已被另一个条目使用。不列出基准分支中那个条目的文件名和标题（它可能不予公开）", "删去本条的 `index_no` 行，合并后由默认分支分配（见 [catalog-format.md](catalog-format.md#索引号的分配)）"),
        Code("index-no-write-back", ERROR, "条目文件的写法使程序无法只插入一行 `index_no` 而不改动其他内容（如元数据写在花括号 `{ }` 里、文件是符号链接）。`check` 对尚无索引号的条目事先检查", "改成每行一个“键: 值”的写法，或按消息手工加一行 `index_no`"),
        Code("index-no-write-failed", ERROR, "写回索引号时读写文件失败（权限、磁盘已满），或条目文件设为只读（程序不改动只读文件）；原文件未改动，网站不更新", "检查文件夹写权限和磁盘空间、去掉只读属性后重新构建，或按消息手工加一行 `index_no`"),
        Code("index-no-lock", ERROR, "无法建立索引号锁文件 `catalog/.index-no.lock`", "检查 catalog 文件夹的写权限；或 `python build.py build --no-write-index-no` 只生成预览"),
        Code("unknown-reference", ERROR, "`interprets`、`related`、`repealed_by`、`corrects` 找不到目标条目", "写目标的索引号或 catalog/ 下的路径"),
        Code("self-reference", ERROR, "条目引用了自己", "改为其他条目"),
        Code("interprets-kind", ERROR, "解读的对象不是政策文件", "`interprets` 指向政策文件"),
        Code("year-folder-mismatch", WARNING, "发布年份与所在年份文件夹不一致", "移到正确的年份文件夹"),
    ), outro="消息提到另一个条目时（重复的索引号、文号，解读的政策，废止依据，同一采购项目的公告……），\n另一个条目若不予公开，消息只说“（一个不予公开的条目，不列标题和文件名）”；依申请公开的条目只给标题和索引号\n（网站上也有），不给文件名。见 [security.md](security.md)。"),
    Section("as-issued", "原文如此（已核实）登记", (
        Code("as-issued-format", ERROR, "`catalog/as-issued.yml` 写法有误：不是列表、缺少条目、代码、核对值、核实人、核实日期或说明，日期不对，核对值不是程序算出的", "用 `python build.py asissued 文件:行号 --code 代码 --by 核实人 --reason 说明` 生成，不要手写"),
        Code("as-issued-not-allowed", ERROR, "登记的问题代码不存在，或不是原件内容的问题：负面清单、检测器、公开属性和使网站无法正确生成的格式错误不能登记为原文如此", "改正条目；只有本页“可登记原文如此”一栏打 ✓ 的代码可以登记"),
        Code("as-issued-stale", WARNING, "登记项已不再对应任何问题（数字已改正），或找不到它所写的条目", "删除这一项；条目移动了的，改写 `entry`"),
        Code("as-issued-changed", WARNING, "登记后所引的数字已改动：登记不再适用，原来的问题重新报告", "核对原件后删除这一项，原件确是这样的重新登记"),
        Code("as-issued-duplicate", WARNING, "与前面的一项重复", "删除这一项"),
        Code("as-issued-withheld", ERROR, "公开的 `catalog/as-issued.yml` 中登记了不予公开条目：文件名、字段和说明会泄露它的内容", "改在私有文件夹的 `as-issued.yml` 中登记（`python build.py asissued` 自动写到那里）"),
    ), intro="原件就是这样印发的问题（报表数字不平、文号或日期的原件写法、正文与报表不一致），经人核实后登记在 `catalog/as-issued.yml`："
              "问题不再阻止发布，`check` 显示为“已核实 … 原文如此”，条目页面注明“原文如此”和核实说明，保密审查报告列出每一项。"
              "见 [as-issued.md](as-issued.md)。"),
)
