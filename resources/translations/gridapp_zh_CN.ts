<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>Messages</name>
    <message>
      <source>Please enter the ID number</source>
      <translation>请填写公民身份号码</translation>
    </message>
    <message>
      <source>The ID number may contain only digits, and X as its last character; please check for letters or symbols typed by mistake</source>
      <translation>公民身份号码只能由数字组成，最后一位可以是X，请检查是否误输入了字母或符号</translation>
    </message>
    <message>
      <source>An old 15-digit ID number contains only digits, without X</source>
      <translation>15位的旧公民身份号码只含数字，不含X，请核对</translation>
    </message>
    <message>
      <source>The ID number must have 18 characters (15 for an old number); {length} were entered</source>
      <translation>公民身份号码应为18位（旧号码为15位），现在输入了{length}位，请核对</translation>
    </message>
    <message>
      <source>The ID number starts with {province}, which is not a province code; please check the first two digits</source>
      <translation>公民身份号码前两位“{province}”不是有效的省级行政区划代码，请核对前两位</translation>
    </message>
    <message>
      <source>The birth date in the ID number ({date}) does not exist; please check it</source>
      <translation>公民身份号码中的出生日期（{date}）不存在，请核对</translation>
    </message>
    <message>
      <source>The birth date in the ID number ({date}) is later than today; please check it</source>
      <translation>公民身份号码中的出生日期（{date}）晚于今天，请核对</translation>
    </message>
    <message>
      <source>The birth date in the ID number ({date}) is before 1890; please check it</source>
      <translation>公民身份号码中的出生日期（{date}）早于1890年，请核对</translation>
    </message>
    <message>
      <source>The check digit of the ID number is wrong; please check the number digit by digit, especially the last one</source>
      <translation>公民身份号码校验位错误，请逐位核对号码，特别是最后一位</translation>
    </message>
    <message>
      <source>The birth date does not match the ID number, which gives {expected}</source>
      <translation>出生日期与公民身份号码不一致（号码中的出生日期为{expected}），请核对</translation>
    </message>
    <message>
      <source>The sex does not match the ID number, which gives {expected}</source>
      <translation>性别与公民身份号码不一致（号码显示为{expected}），请核对</translation>
    </message>
    <message>
      <source>The local database could not be opened.</source>
      <translation>无法打开本机数据库。</translation>
    </message>
    <message>
      <source>The database key is wrong: this database cannot be decrypted with it. Nothing was changed.</source>
      <translation>数据库密钥不正确，无法解密此数据库。未做任何改动。</translation>
    </message>
    <message>
      <source>The passphrase is wrong. Nothing was opened or changed.</source>
      <translation>口令不正确。未打开也未改动任何数据。</translation>
    </message>
    <message>
      <source>No secure keyring is available on this computer, so the database key is protected by a passphrase. Set GRIDAPP_PASSPHRASE or run the command in a terminal to type it.</source>
      <translation>本机没有安全的系统密钥库，数据库密钥由口令保护。请设置环境变量 GRIDAPP_PASSPHRASE，或在终端中运行命令并输入口令。</translation>
    </message>
    <message>
      <source>The passphrase must have at least {min} characters.</source>
      <translation>口令至少需要 {min} 个字符。</translation>
    </message>
    <message>
      <source>The key of the existing database in {path} was not found ({detail}). A new database was NOT created; restore the key or use the recovery code.</source>
      <translation>找不到 {path} 中现有数据库的密钥（{detail}）。系统没有新建数据库；请恢复密钥或使用恢复码。</translation>
    </message>
    <message>
      <source>The database file {path} is missing although its key exists. A new database was NOT created; restore it from a backup.</source>
      <translation>数据库文件 {path} 不见了，但其密钥仍在。系统没有新建数据库；请从备份恢复。</translation>
    </message>
    <message>
      <source>There is no database in {path} yet. Load demo data or import a roster first.</source>
      <translation>{path} 中还没有数据库。请先载入演示数据或导入花名册。</translation>
    </message>
    <message>
      <source>This database was written by a newer version of GridApp (schema {found}, this program knows up to {known}). Please update the program; nothing was changed.</source>
      <translation>此数据库由更新版本的网格通写入（结构版本 {found}，本程序最高支持 {known}）。请升级程序；未做任何改动。</translation>
    </message>
    <message>
      <source>The database failed its integrity check: {detail}</source>
      <translation>数据库完整性检查未通过：{detail}</translation>
    </message>
    <message>
      <source>No record found for {what}.</source>
      <translation>找不到记录：{what}。</translation>
    </message>
    <message>
      <source>This field is required.</source>
      <translation>此项为必填项。</translation>
    </message>
    <message>
      <source>Too long: at most {max} characters.</source>
      <translation>内容过长：最多 {max} 个字符。</translation>
    </message>
    <message>
      <source>Contains characters that cannot be stored (control characters).</source>
      <translation>含有无法保存的字符（控制字符）。</translation>
    </message>
    <message>
      <source>Unknown value “{value}”: choose one of the {table} list.</source>
      <translation>无法识别的值“{value}”：请从“{table}”列表中选择。</translation>
    </message>
    <message>
      <source>Not a valid date: use YYYY-MM-DD, e.g. 2024-03-01.</source>
      <translation>日期无效：请按“年-月-日”填写，例如 2024-03-01。</translation>
    </message>
    <message>
      <source>The date lies in the future.</source>
      <translation>日期不能晚于今天。</translation>
    </message>
    <message>
      <source>Not a valid phone number: a mobile number has 11 digits starting with 1; a landline is area code and number, e.g. 0792-1234567.</source>
      <translation>电话号码无效：手机号为以 1 开头的 11 位数字；固定电话为区号加号码，例如 0792-1234567。</translation>
    </message>
    <message>
      <source>Use 是 or 否 (yes/no).</source>
      <translation>请填写“是”或“否”。</translation>
    </message>
    <message>
      <source>An area code has {digits} digits.</source>
      <translation>区划代码应为 {digits} 位数字。</translation>
    </message>
    <message>
      <source>Unknown field “{field}”.</source>
      <translation>未知字段“{field}”。</translation>
    </message>
    <message>
      <source>This field is derived from the ID number and cannot be set directly.</source>
      <translation>此项由公民身份号码自动得出，不能直接修改。</translation>
    </message>
    <message>
      <source>The household has no head (户主): exactly one member must be 户主.</source>
      <translation>该户没有户主：每户必须有且只有一名户主。</translation>
    </message>
    <message>
      <source>The household has {count} heads (户主): exactly one is allowed.</source>
      <translation>该户有 {count} 名户主：每户只能有一名户主。</translation>
    </message>
    <message>
      <source>This ID number appears more than once.</source>
      <translation>此公民身份号码重复出现。</translation>
    </message>
    <message>
      <source>This ID number is already registered ({name}).</source>
      <translation>此公民身份号码已登记（{name}）。</translation>
    </message>
    <message>
      <source>Household number {number} is already registered.</source>
      <translation>户号 {number} 已登记。</translation>
    </message>
    <message>
      <source>No secure keyring found: choose a passphrase for the database key (at least 8 characters): </source>
      <translation>未找到安全的系统密钥库：请为数据库密钥设置口令（至少 8 个字符）：</translation>
    </message>
    <message>
      <source>Repeat the passphrase: </source>
      <translation>请再次输入口令：</translation>
    </message>
    <message>
      <source>Passphrase of the database key: </source>
      <translation>请输入数据库密钥口令：</translation>
    </message>
    <message>
      <source>The two passphrases differ.</source>
      <translation>两次输入的口令不一致。</translation>
    </message>
    <message>
      <source>The database key is kept in the system keyring ({backend}).</source>
      <translation>数据库密钥保存在系统密钥库中（{backend}）。</translation>
    </message>
    <message>
      <source>No secure keyring on this computer: the database key is protected by your passphrase.</source>
      <translation>本机没有安全的系统密钥库：数据库密钥由您的口令保护。</translation>
    </message>
    <message>
      <source>No person with this ID number is registered.</source>
      <translation>没有登记此公民身份号码的人员。</translation>
    </message>
    <message>
      <source>Write each change as FIELD=VALUE, e.g. phone=13800138000.</source>
      <translation>每项修改请写成“字段=值”，例如 phone=13800138000。</translation>
    </message>
    <message>
      <source>Updated {count} field(s) of {name}.</source>
      <translation>已更新{name}的 {count} 项信息。</translation>
    </message>
    <message>
      <source>Nothing changed: the values were already so.</source>
      <translation>没有改动：这些值原本就是如此。</translation>
    </message>
    <message>
      <source>The register already holds {households} households; demo data is only loaded into an empty data directory. Use --data-dir to choose another one.</source>
      <translation>登记册中已有 {households} 户；演示数据只能载入空的数据目录。请用 --data-dir 另选目录。</translation>
    </message>
    <message>
      <source>The register already holds data; no demo data loaded.</source>
      <translation>登记册中已有数据，未载入演示数据。</translation>
    </message>
    <message>
      <source>Demo data: {done} of {total} households</source>
      <translation>演示数据：已载入 {done} / {total} 户</translation>
    </message>
    <message>
      <source>Demo data loaded: {households} households, {persons} persons, {party} party members, {petitions} petitions ({seconds:.1f} s).</source>
      <translation>演示数据已载入：{households} 户，{persons} 人，党员 {party} 名，诉求 {petitions} 件（用时 {seconds:.1f} 秒）。</translation>
    </message>
    <message>
      <source>The number of households must be between 1 and 1,000,000.</source>
      <translation>户数必须在 1 到 1,000,000 之间。</translation>
    </message>
    <message>
      <source>The file {file} cannot be read: it does not exist or is locked.</source>
      <translation>文件 {file} 无法读取：文件不存在或正被其他程序占用。</translation>
    </message>
    <message>
      <source>Files of type “{suffix}” cannot be used: save the roster as .xlsx or .csv.</source>
      <translation>不能使用“{suffix}”类型的文件：请将花名册另存为 .xlsx 或 .csv 格式。</translation>
    </message>
    <message>
      <source>The file is too large ({size} MB; at most {max} MB at a time): split it into several files.</source>
      <translation>文件太大（{size} MB，每次最多 {max} MB）：请拆分成几个文件分别导入。</translation>
    </message>
    <message>
      <source>The file has more than {max} rows (at most {max} at a time): split it into several files.</source>
      <translation>文件超过 {max} 行（每次最多 {max} 行）：请拆分成几个文件分别导入。</translation>
    </message>
    <message>
      <source>The file is not an Excel workbook (.xlsx) or it is damaged: open it in Excel or WPS, save it again as .xlsx and retry.</source>
      <translation>文件不是 Excel 工作簿（.xlsx）或已损坏：请用 Excel 或 WPS 打开，重新另存为 .xlsx 后再导入。</translation>
    </message>
    <message>
      <source>The file is not a CSV text file in UTF-8 or GB18030: in Excel or WPS save it as “CSV UTF-8” or as .xlsx and retry.</source>
      <translation>文件不是 UTF-8 或 GB18030 编码的 CSV 文本文件：请在 Excel 或 WPS 中另存为“CSV UTF-8”或 .xlsx 后再导入。</translation>
    </message>
    <message>
      <source>The CSV file cannot be read from this row on (a cell is far too long or its quotes are unbalanced).</source>
      <translation>CSV 文件从这一行起无法读取（某个单元格内容过长，或引号不成对）。</translation>
    </message>
    <message>
      <source>The file is empty: it has no header row.</source>
      <translation>文件是空的：没有表头行。</translation>
    </message>
    <message>
      <source>The file has a header row but no persons below it.</source>
      <translation>文件只有表头，下面没有人员数据。</translation>
    </message>
    <message>
      <source>Unknown column “{column}”. The roster's columns are: {columns}.</source>
      <translation>无法识别的列“{column}”。花名册可用的列为：{columns}。</translation>
    </message>
    <message>
      <source>The required column “{column}” is missing.</source>
      <translation>缺少必填的列“{column}”。</translation>
    </message>
    <message>
      <source>The column “{column}” appears twice.</source>
      <translation>列“{column}”重复出现。</translation>
    </message>
    <message>
      <source>Column {letter} holds values but has no header: name it or delete it.</source>
      <translation>第 {letter} 列有内容但没有列名：请填写列名或删除该列。</translation>
    </message>
    <message>
      <source>This ID number was stored as a number, so Excel kept only 15 digits and the last ones are lost: format the column as text and type the numbers again.</source>
      <translation>此公民身份号码以数字格式保存，Excel 只保留 15 位有效数字，后几位已丢失：请将该列设置为“文本”格式后重新录入号码。</translation>
    </message>
    <message>
      <source>This ID number already appears in row {row}.</source>
      <translation>此公民身份号码与第 {row} 行重复。</translation>
    </message>
    <message>
      <source>Unknown person category “{value}”: use the names of the person category list, separated by 、 or ;.</source>
      <translation>无法识别的人员类别“{value}”：请使用人员类别表中的名称，多个类别用“、”或“;”分隔。</translation>
    </message>
    <message>
      <source>The address differs from the one in row {row} with the same household number: the members of a household share one address.</source>
      <translation>地址与同一户号的第 {row} 行不同：同一户的成员应填写相同的地址。</translation>
    </message>
    <message>
      <source>The import was cancelled: nothing was written.</source>
      <translation>导入已取消：未写入任何数据。</translation>
    </message>
    <message>
      <source>Imported {households} households with {persons} persons.</source>
      <translation>已导入 {households} 户，共 {persons} 人。</translation>
    </message>
    <message>
      <source>The roster is valid: {households} households with {persons} persons would be imported (nothing was written).</source>
      <translation>花名册检查通过：可导入 {households} 户，共 {persons} 人（本次未写入任何数据）。</translation>
    </message>
    <message>
      <source>Nothing was imported: {count} problem(s) found.</source>
      <translation>未导入任何数据：发现 {count} 处问题。</translation>
    </message>
    <message>
      <source>Row {row}, column {column}: {message}</source>
      <translation>第{row}行，“{column}”列：{message}</translation>
    </message>
    <message>
      <source>File {file}: {message}</source>
      <translation>文件 {file}：{message}</translation>
    </message>
    <message>
      <source>… and {count} more (use --json to see them all).</source>
      <translation>……另有 {count} 处问题（使用 --json 可查看全部）。</translation>
    </message>
    <message>
      <source>Exported {households} households with {persons} persons to {file}.</source>
      <translation>已导出 {households} 户，共 {persons} 人，保存到 {file}。</translation>
    </message>
    <message>
      <source>The file {file} cannot be written: {reason}</source>
      <translation>无法写入文件 {file}：{reason}</translation>
    </message>
    <message>
      <source>Type a name, pinyin, ID number, phone number or address to search.</source>
      <translation>请输入姓名、拼音、公民身份号码、电话号码或地址进行搜索。</translation>
    </message>
    <message>
      <source>The search text is too long: at most {max} characters.</source>
      <translation>搜索内容太长：最多 {max} 个字符。</translation>
    </message>
    <message>
      <source>Type at least {min} digits to search by ID number or phone number.</source>
      <translation>按公民身份号码或电话号码搜索时，请至少输入 {min} 位数字。</translation>
    </message>
    <message>
      <source>Nobody found for “{query}”.</source>
      <translation>没有找到与“{query}”相符的人员。</translation>
    </message>
    <message>
      <source>Showing the first {count}; there may be more (use --limit).</source>
      <translation>仅显示前 {count} 条，可能还有更多（可用 --limit 调整条数）。</translation>
    </message>
    <message>
      <source>--limit must be between 1 and {max}.</source>
      <translation>--limit 应在 1 到 {max} 之间。</translation>
    </message>
    <message>
      <source>head of household</source>
      <translation>户主</translation>
    </message>
  </context>
  <context>
    <name>Fields</name>
    <message>
      <source>ID number</source>
      <translation>公民身份号码</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Sex</source>
      <translation>性别</translation>
    </message>
    <message>
      <source>Date of birth</source>
      <translation>出生日期</translation>
    </message>
    <message>
      <source>Former name</source>
      <translation>曾用名</translation>
    </message>
    <message>
      <source>Ethnicity</source>
      <translation>民族</translation>
    </message>
    <message>
      <source>Native place</source>
      <translation>籍贯</translation>
    </message>
    <message>
      <source>Marital status</source>
      <translation>婚姻状况</translation>
    </message>
    <message>
      <source>Political status</source>
      <translation>政治面貌</translation>
    </message>
    <message>
      <source>Education</source>
      <translation>学历</translation>
    </message>
    <message>
      <source>Religion</source>
      <translation>宗教信仰</translation>
    </message>
    <message>
      <source>Occupation category</source>
      <translation>职业类别</translation>
    </message>
    <message>
      <source>Occupation</source>
      <translation>职业</translation>
    </message>
    <message>
      <source>Workplace</source>
      <translation>服务处所</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>Registered area code</source>
      <translation>户籍地</translation>
    </message>
    <message>
      <source>Registered address</source>
      <translation>户籍详址</translation>
    </message>
    <message>
      <source>Current area code</source>
      <translation>现住地</translation>
    </message>
    <message>
      <source>Current address</source>
      <translation>现住详址</translation>
    </message>
    <message>
      <source>Lives at registered address</source>
      <translation>人户一致标识</translation>
    </message>
    <message>
      <source>Relation to head</source>
      <translation>与户主关系</translation>
    </message>
    <message>
      <source>Population type</source>
      <translation>人口类型</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>人员状态</translation>
    </message>
    <message>
      <source>Status date</source>
      <translation>状态日期</translation>
    </message>
    <message>
      <source>Verified</source>
      <translation>已核实</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>Grid</source>
      <translation>网格</translation>
    </message>
    <message>
      <source>Household number</source>
      <translation>户号</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <source>Household kind</source>
      <translation>户类别</translation>
    </message>
    <message>
      <source>Person categories</source>
      <translation>人员类别</translation>
    </message>
  </context>
  <context>
    <name>Startup</name>
    <message>
      <source>No secure keyring on this computer. Choose a passphrase (at least 8 characters) to protect the database:</source>
      <translation>本机没有安全的系统密钥库。请设置口令（至少 8 个字符）以保护数据库：</translation>
    </message>
    <message>
      <source>Passphrase of the database:</source>
      <translation>请输入数据库口令：</translation>
    </message>
    <message>
      <source>GridApp</source>
      <translation>网格通</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>GridApp</source>
      <translation>网格通</translation>
    </message>
    <message>
      <source>Search: name / pinyin initials / ID number / phone / address</source>
      <translation>搜索：姓名 / 拼音首字母 / 身份证号 / 电话 / 地址</translation>
    </message>
    <message>
      <source>Offline · data in {0}</source>
      <translation>离线 · 数据目录 {0}</translation>
    </message>
    <message>
      <source>Households: {h}   Persons: {p}   Party members: {m}   Petitions: {q}</source>
      <translation>户数：{h}　人口：{p}　党员：{m}　诉求：{q}</translation>
    </message>
  </context>
  <context>
    <name>HouseholdTableModel</name>
    <message>
      <source>Household no.</source>
      <translation>户号</translation>
    </message>
    <message>
      <source>Head</source>
      <translation>户主</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <source>Members</source>
      <translation>人数</translation>
    </message>
    <message>
      <source>Grid</source>
      <translation>网格</translation>
    </message>
    <message>
      <source>Tags</source>
      <translation>标签</translation>
    </message>
    <message>
      <source>Updated</source>
      <translation>更新</translation>
    </message>
  </context>
  <context>
    <name>TaskRunner</name>
    <message>
      <source>Working…</source>
      <translation>正在处理…</translation>
    </message>
    <message>
      <source>Please wait</source>
      <translation>请稍候</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Cancelling…</source>
      <translation>正在取消…</translation>
    </message>
    <message>
      <source>GridApp</source>
      <translation>网格通</translation>
    </message>
  </context>
</TS>
