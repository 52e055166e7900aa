<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>ActionDialog</name>
    <message>
      <source>{age} years</source>
      <translation>{age}岁</translation>
    </message>
    <message>
      <source>, </source>
      <translation>，</translation>
    </message>
    <message>
      <source>{name} ({details})</source>
      <translation>{name}（{details}）</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Saving…</source>
      <translation>正在保存…</translation>
    </message>
    <message>
      <source>Loading…</source>
      <translation>正在读取…</translation>
    </message>
    <message>
      <source>Still needed: {what}</source>
      <translation>还需填写：{what}</translation>
    </message>
    <message>
      <source>Go back</source>
      <translation>返回修改</translation>
    </message>
    <message>
      <source>Something went wrong; nothing was saved. Please try again.</source>
      <translation>出现错误，没有保存任何内容。请重试。</translation>
    </message>
  </context>
  <context>
    <name>ActivitiesTab</name>
    <message>
      <source>New activity…</source>
      <translation>新增活动…</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Theme</source>
      <translation>主题</translation>
    </message>
    <message>
      <source>Place</source>
      <translation>地点</translation>
    </message>
    <message>
      <source>Organiser</source>
      <translation>组织方</translation>
    </message>
    <message>
      <source>People</source>
      <translation>人数</translation>
    </message>
    <message>
      <source>Total hours</source>
      <translation>总时长</translation>
    </message>
    <message>
      <source>Service post</source>
      <translation>服务岗位</translation>
    </message>
    <message>
      <source>{count} activities.</source>
      <translation>共 {count} 次活动。</translation>
    </message>
    <message>
      <source>No activities yet.</source>
      <translation>还没有活动。</translation>
    </message>
  </context>
  <context>
    <name>ActivityDialog</name>
    <message>
      <source>New activity</source>
      <translation>新增活动</translation>
    </message>
    <message>
      <source>Service post</source>
      <translation>服务岗位</translation>
    </message>
    <message>
      <source>Community Party committee</source>
      <translation>社区党委</translation>
    </message>
    <message>
      <source>Participants</source>
      <translation>参加人员</translation>
    </message>
    <message>
      <source>Search (Ins):</source>
      <translation>搜索（Ins）：</translation>
    </message>
    <message>
      <source>Sign-in list:</source>
      <translation>签到名单：</translation>
    </message>
    <message>
      <source>Names or ID numbers, separated by spaces, commas, 、 or new lines</source>
      <translation>姓名或身份证号，用空格、逗号、顿号或换行隔开</translation>
    </message>
    <message>
      <source>Add the list</source>
      <translation>按名单添加</translation>
    </message>
    <message>
      <source>For everyone: hours</source>
      <translation>每人默认：时长</translation>
    </message>
    <message>
      <source>content</source>
      <translation>服务内容</translation>
    </message>
    <message>
      <source>evaluation</source>
      <translation>群众评价</translation>
    </message>
    <message>
      <source>Satisfied</source>
      <translation>满意</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>ID number</source>
      <translation>身份证号</translation>
    </message>
    <message>
      <source>Hours</source>
      <translation>服务时长</translation>
    </message>
    <message>
      <source>Service content</source>
      <translation>服务内容</translation>
    </message>
    <message>
      <source>Evaluation</source>
      <translation>群众评价</translation>
    </message>
    <message>
      <source>Points</source>
      <translation>积分</translation>
    </message>
    <message>
      <source>Points = hours × {per_hour} + {bonus} per activity (the settings).</source>
      <translation>积分 = 时长 × {per_hour} + 每次活动 {bonus}（按设置）。</translation>
    </message>
    <message>
      <source>Type or paste names or ID numbers first.</source>
      <translation>请先输入或粘贴姓名、身份证号。</translation>
    </message>
    <message>
      <source>Not in the party register: {names}.</source>
      <translation>党员名册中查无：{names}。</translation>
    </message>
    <message>
      <source>Several members have these names, use the ID number: {names}.</source>
      <translation>以下姓名有重名，请改用身份证号：{names}。</translation>
    </message>
    <message>
      <source> Nobody was added.</source>
      <translation>没有添加任何人。</translation>
    </message>
    <message>
      <source>Save the activity</source>
      <translation>保存活动</translation>
    </message>
    <message>
      <source>participants</source>
      <translation>参加人员</translation>
    </message>
    <message>
      <source>hours</source>
      <translation>服务时长</translation>
    </message>
    <message>
      <source>Discard this activity and its participants?</source>
      <translation>放弃这次活动及已添加的参加人员？</translation>
    </message>
  </context>
  <context>
    <name>ClaimDialog</name>
    <message>
      <source>Claim a post</source>
      <translation>认领岗位</translation>
    </message>
    <message>
      <source>Claim “{post}”</source>
      <translation>认领“{post}”</translation>
    </message>
    <message>
      <source>A party member</source>
      <translation>党员</translation>
    </message>
    <message>
      <source>A unit party organisation</source>
      <translation>单位党组织</translation>
    </message>
    <message>
      <source>Nobody chosen yet.</source>
      <translation>尚未选择认领人。</translation>
    </message>
    <message>
      <source>Claim date</source>
      <translation>认领日期</translation>
    </message>
    <message>
      <source>Chosen: {who}</source>
      <translation>已选：{who}</translation>
    </message>
    <message>
      <source>Claim</source>
      <translation>认领</translation>
    </message>
    <message>
      <source>party member</source>
      <translation>党员</translation>
    </message>
    <message>
      <source>unit party organisation</source>
      <translation>单位党组织</translation>
    </message>
  </context>
  <context>
    <name>ConflictDialog</name>
    <message>
      <source>Take this PC's</source>
      <translation>采用本机</translation>
    </message>
    <message>
      <source>Take the other PC's</source>
      <translation>采用其他电脑的</translation>
    </message>
    <message>
      <source>Take the county's</source>
      <translation>采用县里</translation>
    </message>
    <message>
      <source>Change by hand</source>
      <translation>手动修改</translation>
    </message>
    <message>
      <source>Sync conflict</source>
      <translation>同步冲突</translation>
    </message>
    <message>
      <source>Recorded by the county server on {time}: the edit by {user} was not taken as it was. {explain}</source>
      <translation>县里服务器于 {time} 记录：{user} 的修改未被原样采用。{explain}</translation>
    </message>
    <message>
      <source>Field</source>
      <translation>字段</translation>
    </message>
    <message>
      <source>This PC</source>
      <translation>本机</translation>
    </message>
    <message>
      <source>Other PC</source>
      <translation>其他电脑</translation>
    </message>
    <message>
      <source>County</source>
      <translation>县里</translation>
    </message>
    <message>
      <source>Choice</source>
      <translation>选择</translation>
    </message>
    <message>
      <source>Keep the record</source>
      <translation>保留这条记录</translation>
    </message>
    <message>
      <source>Delete it after all</source>
      <translation>仍然删除</translation>
    </message>
    <message>
      <source>Acknowledge</source>
      <translation>知道了</translation>
    </message>
    <message>
      <source>Save the choice</source>
      <translation>保存选择</translation>
    </message>
    <message>
      <source>Open the other record</source>
      <translation>打开另一条记录</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>For each field choose which value the record keeps; the county's value stays until you save.</source>
      <translation>请逐个字段选择记录保留哪个值；保存之前保留县里的值。</translation>
    </message>
    <message>
      <source>The record had been deleted on the server; it stays deleted. To keep the data, register the record again.</source>
      <translation>这条记录在服务器上已被删除，将保持删除。如需保留这些信息，请重新登记。</translation>
    </message>
    <message>
      <source>The record was deleted here while it was edited elsewhere; the server kept it. Keep it, or delete it after all.</source>
      <translation>这条记录在本机被删除时，别处修改了它，服务器保留了记录。请选择保留，或仍然删除。</translation>
    </message>
    <message>
      <source>Another record already holds this number, so this one was not written. Check the other record and correct the number there or here.</source>
      <translation>另一条记录已使用这个编号，所以这条没有写入县里。请核对另一条记录，在那里或这里更正编号。</translation>
    </message>
    <message>
      <source>The server did not write this record; it can only be acknowledged.</source>
      <translation>服务器没有写入这条记录，只能确认知晓。</translation>
    </message>
    <message>
      <source>Saving the choice…</source>
      <translation>正在保存选择……</translation>
    </message>
  </context>
  <context>
    <name>ConflictsPanel</name>
    <message>
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Record</source>
      <translation>记录</translation>
    </message>
    <message>
      <source>Fields</source>
      <translation>字段</translation>
    </message>
    <message>
      <source>This PC</source>
      <translation>本机</translation>
    </message>
    <message>
      <source>County</source>
      <translation>县里</translation>
    </message>
    <message>
      <source>(deleted)</source>
      <translation>（已删除）</translation>
    </message>
    <message>
      <source>{values} (other PC)</source>
      <translation>{values}（其他电脑）</translation>
    </message>
    <message>
      <source>No conflicts to decide.</source>
      <translation>没有待处理的冲突。</translation>
    </message>
    <message>
      <source>(kept and edited)</source>
      <translation>（保留，已被修改）</translation>
    </message>
  </context>
  <context>
    <name>DeathDialog</name>
    <message>
      <source>Record a death (死亡)</source>
      <translation>死亡登记</translation>
    </message>
    <message>
      <source>Record death</source>
      <translation>登记死亡</translation>
    </message>
    <message>
      <source>Date of death</source>
      <translation>死亡日期</translation>
    </message>
    <message>
      <source>{name} will be recorded as deceased on {date}. {name} stays in the household's records but no longer counts as living here; their open tags end on that date.</source>
      <translation>将登记{name}于{date}死亡。{name}仍保留在本户的记录中，但不再计入在册人口；其未结束的标签同时结束。</translation>
    </message>
    <message>
      <source>Confirm death</source>
      <translation>确认登记死亡</translation>
    </message>
  </context>
  <context>
    <name>EmptyState</name>
    <message>
      <source>Import a roster…</source>
      <translation>导入花名册…</translation>
    </message>
    <message>
      <source>Load demo data</source>
      <translation>载入演示数据</translation>
    </message>
    <message>
      <source>New household</source>
      <translation>新增户</translation>
    </message>
    <message>
      <source>Clear filters</source>
      <translation>清除筛选</translation>
    </message>
    <message>
      <source>No households are registered yet</source>
      <translation>还没有登记任何户</translation>
    </message>
    <message>
      <source>Import the village's roster from an Excel (.xlsx) or CSV file, enter a household by hand, or load demo data to try the program out first.</source>
      <translation>可以从 Excel（.xlsx）或 CSV 花名册导入本村人口，也可以逐户新增；想先熟悉软件，可以载入演示数据。</translation>
    </message>
    <message>
      <source>No household matches the filters</source>
      <translation>没有符合筛选条件的户</translation>
    </message>
    <message>
      <source>Change the filters on the left, or clear them.</source>
      <translation>请修改左侧的筛选条件，或清除筛选。</translation>
    </message>
  </context>
  <context>
    <name>ErrorTableModel</name>
    <message>
      <source>Row</source>
      <translation>行号</translation>
    </message>
    <message>
      <source>Column</source>
      <translation>列</translation>
    </message>
    <message>
      <source>Value</source>
      <translation>值</translation>
    </message>
    <message>
      <source>Problem</source>
      <translation>问题</translation>
    </message>
    <message>
      <source>File</source>
      <translation>整个文件</translation>
    </message>
  </context>
  <context>
    <name>ExportDialog</name>
    <message>
      <source>Export roster</source>
      <translation>导出花名册</translation>
    </message>
    <message>
      <source>Export:</source>
      <translation>导出范围：</translation>
    </message>
    <message>
      <source>The whole register</source>
      <translation>全部户籍人口</translation>
    </message>
    <message>
      <source>The households the list shows now ({count})</source>
      <translation>当前筛选出的户（{count} 户）</translation>
    </message>
    <message>
      <source>File:</source>
      <translation>文件：</translation>
    </message>
    <message>
      <source>Household roster {date}.xlsx</source>
      <translation>户籍人口花名册{date}.xlsx</translation>
    </message>
    <message>
      <source>Choose…</source>
      <translation>选择位置…</translation>
    </message>
    <message>
      <source>Writes the current members of each household (not those who moved out or died) in the roster's columns; the file can be imported again as it is.</source>
      <translation>按花名册的列写出各户现有成员（已迁出、死亡的人员不导出）；导出的文件不经修改即可再导入。</translation>
    </message>
    <message>
      <source>Open folder</source>
      <translation>打开所在文件夹</translation>
    </message>
    <message>
      <source>Export</source>
      <translation>导出</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>Excel workbook (*.xlsx);;CSV file (*.csv)</source>
      <translation>Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)</translation>
    </message>
    <message>
      <source>Exporting…</source>
      <translation>正在导出…</translation>
    </message>
    <message>
      <source>Exporting the roster…</source>
      <translation>正在导出花名册…</translation>
    </message>
    <message>
      <source>The file {file} cannot be written: {reason}</source>
      <translation>无法写入文件 {file}：{reason}</translation>
    </message>
    <message>
      <source>Exported {households} households with {persons} persons to {file}</source>
      <translation>已导出 {households} 户、{persons} 人，文件保存在：{file}</translation>
    </message>
    <message>
      <source>Cancelled: no file was written.</source>
      <translation>已取消，没有写出文件。</translation>
    </message>
  </context>
  <context>
    <name>FeedbackDialog</name>
    <message>
      <source>Feedback sheet</source>
      <translation>反馈单</translation>
    </message>
    <message>
      <source>Feedback sheet {period}</source>
      <translation>反馈单 {period}</translation>
    </message>
    <message>
      <source>Party member</source>
      <translation>党员</translation>
    </message>
    <message>
      <source>Work unit</source>
      <translation>工作单位</translation>
    </message>
    <message>
      <source>Party organisation</source>
      <translation>所在党组织</translation>
    </message>
    <message>
      <source>Period</source>
      <translation>反馈周期</translation>
    </message>
    <message>
      <source>Reported on</source>
      <translation>报到日期</translation>
    </message>
    <message>
      <source>Posts held</source>
      <translation>认领岗位</translation>
    </message>
    <message>
      <source>Activities</source>
      <translation>参加活动次数</translation>
    </message>
    <message>
      <source>Service hours</source>
      <translation>服务时长合计</translation>
    </message>
    <message>
      <source>Points</source>
      <translation>积分</translation>
    </message>
    <message>
      <source>:</source>
      <translation>：</translation>
    </message>
    <message>
      <source>Feedback sheet: {name}, {period}</source>
      <translation>反馈单：{name}，{period}</translation>
    </message>
    <message>
      <source>none</source>
      <translation>无</translation>
    </message>
    <message>
      <source>{hours} hours</source>
      <translation>{hours} 小时</translation>
    </message>
    <message>
      <source>Save the feedback</source>
      <translation>保存反馈</translation>
    </message>
  </context>
  <context>
    <name>FeedbackTab</name>
    <message>
      <source>&amp;Period:</source>
      <translation>反馈周期：</translation>
    </message>
    <message>
      <source>Feedback sheet… (Enter)</source>
      <translation>反馈单…（Enter）</translation>
    </message>
    <message>
      <source>Below the yearly hours</source>
      <translation>本年未达标</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Party organisation</source>
      <translation>所在党组织</translation>
    </message>
    <message>
      <source>Activities</source>
      <translation>活动次数</translation>
    </message>
    <message>
      <source>Hours</source>
      <translation>服务时长</translation>
    </message>
    <message>
      <source>Points</source>
      <translation>积分</translation>
    </message>
    <message>
      <source>Rating</source>
      <translation>等次</translation>
    </message>
    <message>
      <source>Hours this year</source>
      <translation>本年服务时长</translation>
    </message>
    <message>
      <source>Yearly hours required</source>
      <translation>年度要求时长</translation>
    </message>
    <message>
      <source>—</source>
      <translation>—</translation>
    </message>
    <message>
      <source>{count} members below {hours} hours in {year}.</source>
      <translation>{year} 年服务时长不足 {hours} 小时的党员 {count} 名。</translation>
    </message>
    <message>
      <source>{period}: {saved} of {count} feedback sheets saved; Enter opens one.</source>
      <translation>{period}：{count} 名党员中已保存反馈 {saved} 份；按 Enter 打开反馈单。</translation>
    </message>
    <message>
      <source>No party members yet.</source>
      <translation>还没有党员。</translation>
    </message>
  </context>
  <context>
    <name>Fields</name>
    <message>
      <source>ID number</source>
      <translation>公民身份号码</translation>
    </message>
    <message>
      <source>Date received</source>
      <translation>登记日期</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>信访形式</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>事项类别</translation>
    </message>
    <message>
      <source>Content category</source>
      <translation>内容分类</translation>
    </message>
    <message>
      <source>Summary</source>
      <translation>诉求概况</translation>
    </message>
    <message>
      <source>Full content</source>
      <translation>诉求内容</translation>
    </message>
    <message>
      <source>Headcount</source>
      <translation>人数</translation>
    </message>
    <message>
      <source>Repeat petition</source>
      <translation>是否重复信访</translation>
    </message>
    <message>
      <source>Times petitioned</source>
      <translation>信访次数</translation>
    </message>
    <message>
      <source>Problem area code</source>
      <translation>问题属地代码</translation>
    </message>
    <message>
      <source>Problem location</source>
      <translation>问题发生地</translation>
    </message>
    <message>
      <source>Confidential</source>
      <translation>保密</translation>
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
      <source>Work unit</source>
      <translation>工作单位</translation>
    </message>
    <message>
      <source>Work unit's party organisation</source>
      <translation>所在单位党组织</translation>
    </message>
    <message>
      <source>Joined the party</source>
      <translation>入党日期</translation>
    </message>
    <message>
      <source>Full or probationary</source>
      <translation>正式/预备党员</translation>
    </message>
    <message>
      <source>Skills</source>
      <translation>特长</translation>
    </message>
    <message>
      <source>Assigned grid</source>
      <translation>编入网格</translation>
    </message>
    <message>
      <source>Report date</source>
      <translation>报到日期</translation>
    </message>
    <message>
      <source>Community reported to</source>
      <translation>报到村（社区）</translation>
    </message>
    <message>
      <source>Report channel</source>
      <translation>报到方式</translation>
    </message>
    <message>
      <source>注销 date</source>
      <translation>注销日期</translation>
    </message>
    <message>
      <source>注销 reason</source>
      <translation>注销原因</translation>
    </message>
    <message>
      <source>Unit party organisation</source>
      <translation>单位党组织</translation>
    </message>
    <message>
      <source>Kind of organisation</source>
      <translation>党组织类别</translation>
    </message>
    <message>
      <source>Contact person</source>
      <translation>联系人</translation>
    </message>
    <message>
      <source>Receipt date</source>
      <translation>回执日期</translation>
    </message>
    <message>
      <source>Countersigned by</source>
      <translation>回执签收人</translation>
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
    <message>
      <source>How the petitioner was told</source>
      <translation>告知方式</translation>
    </message>
    <message>
      <source>Handler</source>
      <translation>承办人</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>理由</translation>
    </message>
    <message>
      <source>Send to</source>
      <translation>转往</translation>
    </message>
    <message>
      <source>Handling unit</source>
      <translation>承办单位</translation>
    </message>
    <message>
      <source>Level of the department</source>
      <translation>部门层级</translation>
    </message>
    <message>
      <source>Approved by</source>
      <translation>批准人</translation>
    </message>
    <message>
      <source>Extended until</source>
      <translation>延期至</translation>
    </message>
    <message>
      <source>Reason told to the petitioner on</source>
      <translation>延期理由告知日期</translation>
    </message>
    <message>
      <source>Decision</source>
      <translation>处理意见</translation>
    </message>
    <message>
      <source>Reply text</source>
      <translation>答复内容</translation>
    </message>
    <message>
      <source>Petitioner reached</source>
      <translation>是否联系到信访人</translation>
    </message>
    <message>
      <source>Satisfaction</source>
      <translation>满意度</translation>
    </message>
    <message>
      <source>Reviewing organ</source>
      <translation>复查/复核机关</translation>
    </message>
    <message>
      <source>Reason for the correction</source>
      <translation>更正原因</translation>
    </message>
    <message>
      <source>Post name</source>
      <translation>岗位名称</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>Places planned</source>
      <translation>拟认领数</translation>
    </message>
    <message>
      <source>Skills required</source>
      <translation>专长要求</translation>
    </message>
    <message>
      <source>Theme</source>
      <translation>活动主题</translation>
    </message>
    <message>
      <source>Activity date</source>
      <translation>活动日期</translation>
    </message>
    <message>
      <source>Place</source>
      <translation>地点</translation>
    </message>
    <message>
      <source>Organiser</source>
      <translation>组织方</translation>
    </message>
    <message>
      <source>Service content</source>
      <translation>服务内容</translation>
    </message>
    <message>
      <source>Residents' evaluation</source>
      <translation>群众评价</translation>
    </message>
    <message>
      <source>Rating</source>
      <translation>评价等次</translation>
    </message>
    <message>
      <source>Community's opinion</source>
      <translation>社区党组织意见</translation>
    </message>
    <message>
      <source>Signed by</source>
      <translation>签字人</translation>
    </message>
    <message>
      <source>Date signed</source>
      <translation>签字日期</translation>
    </message>
    <message>
      <source>Service post</source>
      <translation>服务岗位</translation>
    </message>
    <message>
      <source>Claim date</source>
      <translation>认领日期</translation>
    </message>
    <message>
      <source>Post or project</source>
      <translation>岗位/项目</translation>
    </message>
  </context>
  <context>
    <name>FilterPanel</name>
    <message>
      <source>Filter</source>
      <translation>筛选</translation>
    </message>
    <message>
      <source>Name, number, address</source>
      <translation>姓名、号码、地址</translation>
    </message>
    <message>
      <source>Household number, a member's name or its pinyin, the last digits of an ID or phone number, or part of the address</source>
      <translation>户号、成员姓名或拼音（首字母）、身份证号或电话号码的后几位，或地址的一部分</translation>
    </message>
    <message>
      <source>Grid</source>
      <translation>网格</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>人员类别</translation>
    </message>
    <message>
      <source>Population type</source>
      <translation>人口类型</translation>
    </message>
    <message>
      <source>Member status</source>
      <translation>人员状态</translation>
    </message>
    <message>
      <source>Clear filters</source>
      <translation>清除筛选</translation>
    </message>
    <message>
      <source>All</source>
      <translation>全部</translation>
    </message>
    <message>
      <source>All grids</source>
      <translation>全部网格</translation>
    </message>
    <message>
      <source>{village} (whole village)</source>
      <translation>{village}（全村）</translation>
    </message>
  </context>
  <context>
    <name>FirstRun</name>
    <message>
      <source>GridApp</source>
      <translation>网格通</translation>
    </message>
    <message>
      <source>The register already holds households; demo data was not loaded.</source>
      <translation>登记簿中已有户籍数据，未载入演示数据。</translation>
    </message>
    <message>
      <source>Loading the demo county…</source>
      <translation>正在载入演示数据…</translation>
    </message>
    <message>
      <source>Importing a roster is not available in this version.</source>
      <translation>此版本还不能导入花名册。</translation>
    </message>
  </context>
  <context>
    <name>FirstRunWizard</name>
    <message>
      <source>Welcome to GridApp</source>
      <translation>欢迎使用网格通</translation>
    </message>
    <message>
      <source>Reading the register…</source>
      <translation>正在读取登记簿…</translation>
    </message>
    <message>
      <source>This computer holds no households yet. Import the roster of your village (an Excel or CSV file), or load the demo county to try GridApp out. You can also do this later from the home page.</source>
      <translation>这台电脑上还没有户籍数据。可以导入本村（社区）的花名册（Excel 或 CSV 文件），也可以载入演示数据先试用。以后也可以在首页进行。</translation>
    </message>
    <message>
      <source>Load demo data ({count} households of the demo county)</source>
      <translation>载入演示数据（演示县 {count} 户）</translation>
    </message>
    <message>
      <source>Import a roster…</source>
      <translation>导入花名册…</translation>
    </message>
    <message>
      <source>Not now</source>
      <translation>暂不</translation>
    </message>
    <message>
      <source>Which village and grid does this computer work for?</source>
      <translation>这台电脑为哪个村（社区）、哪个网格工作？</translation>
    </message>
    <message>
      <source>Later</source>
      <translation>以后再说</translation>
    </message>
    <message>
      <source>GridApp asks again at the next start</source>
      <translation>下次启动时会再次询问</translation>
    </message>
    <message>
      <source>Finish</source>
      <translation>完成</translation>
    </message>
    <message>
      <source>The register holds no places yet: these are the places of the demo county. You can change the choice later under Settings.</source>
      <translation>登记簿中还没有地名，下面列出的是演示县的地名。以后可以在“设置”中更改。</translation>
    </message>
    <message>
      <source>You can change the choice later under Settings.</source>
      <translation>以后可以在“设置”中更改。</translation>
    </message>
  </context>
  <context>
    <name>FormDialog</name>
    <message>
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Discard what you typed?</source>
      <translation>放弃已填写的内容吗？</translation>
    </message>
    <message>
      <source>Saving…</source>
      <translation>正在保存…</translation>
    </message>
    <message>
      <source>The change could not be saved.</source>
      <translation>保存没有成功。</translation>
    </message>
  </context>
  <context>
    <name>Forms</name>
    <message>
      <source>e.g. 2024-03-01</source>
      <translation>例：2024-03-01</translation>
    </message>
    <message>
      <source>6 digits, e.g. 360423</source>
      <translation>6位代码，例：360423</translation>
    </message>
    <message>
      <source>mobile or landline, e.g. 0792-1234567</source>
      <translation>手机或固话，例：0792-1234567</translation>
    </message>
    <message>
      <source>from the ID number</source>
      <translation>由身份证号自动生成</translation>
    </message>
    <message>
      <source>(none)</source>
      <translation>（未指定）</translation>
    </message>
    <message>
      <source>, </source>
      <translation>、</translation>
    </message>
    <message>
      <source>Still missing: {fields}</source>
      <translation>还缺：{fields}</translation>
    </message>
    <message>
      <source>Please correct: {fields}</source>
      <translation>请改正：{fields}</translation>
    </message>
  </context>
  <context>
    <name>GlobalSearch</name>
    <message>
      <source>Search: name / pinyin initials / ID number / phone / address (Ctrl+F)</source>
      <translation>搜索：姓名 / 拼音首字母 / 身份证号 / 电话 / 地址（Ctrl+F）</translation>
    </message>
    <message>
      <source>Nothing found for “{text}”.</source>
      <translation>没有找到“{text}”。</translation>
    </message>
    <message>
      <source>{name} ({status})</source>
      <translation>{name}（{status}）</translation>
    </message>
    <message>
      <source>{name} (head)</source>
      <translation>{name}（户主）</translation>
    </message>
    <message>
      <source>moved out</source>
      <translation>已迁出</translation>
    </message>
    <message>
      <source>deceased</source>
      <translation>已死亡</translation>
    </message>
  </context>
  <context>
    <name>HeadChangeDialog</name>
    <message>
      <source>Change the head (变更户主)</source>
      <translation>变更户主</translation>
    </message>
    <message>
      <source>Change head</source>
      <translation>变更户主</translation>
    </message>
    <message>
      <source>New head</source>
      <translation>新户主</translation>
    </message>
    <message>
      <source>the new head</source>
      <translation>新户主</translation>
    </message>
    <message>
      <source>Changed on</source>
      <translation>变更日期</translation>
    </message>
    <message>
      <source>the date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Relation of each member to the new head:</source>
      <translation>各成员与新户主的关系：</translation>
    </message>
    <message>
      <source>Household {number}; head now: {head}</source>
      <translation>户号{number}，现户主：{head}</translation>
    </message>
    <message>
      <source>none</source>
      <translation>无</translation>
    </message>
    <message>
      <source>relation of {name}</source>
      <translation>{name}与新户主的关系</translation>
    </message>
  </context>
  <context>
    <name>HomePage</name>
    <message>
      <source>Today's work</source>
      <translation>今日工作</translation>
    </message>
    <message>
      <source>Overdue petitions</source>
      <translation>逾期诉求</translation>
    </message>
    <message>
      <source>Open petitions past their deadline</source>
      <translation>已过限办日期、尚未办结的诉求</translation>
    </message>
    <message>
      <source>Due this week</source>
      <translation>本周到期</translation>
    </message>
    <message>
      <source>Open petitions due within seven days</source>
      <translation>七天内到限办日期的诉求</translation>
    </message>
    <message>
      <source>Awaiting call-back</source>
      <translation>待回访</translation>
    </message>
    <message>
      <source>Answered petitions whose petitioner is still to be called back</source>
      <translation>已答复、还需回访信访人的诉求</translation>
    </message>
    <message>
      <source>Waiting to sync</source>
      <translation>待同步</translation>
    </message>
    <message>
      <source>Changes on this computer not yet sent to the county server</source>
      <translation>本机还未上传到县里服务器的修改</translation>
    </message>
    <message>
      <source>New households this month</source>
      <translation>本月新增户</translation>
    </message>
    <message>
      <source>Households registered or split off this month</source>
      <translation>本月立户或分户新增的户</translation>
    </message>
    <message>
      <source>Moved out this month</source>
      <translation>本月迁出</translation>
    </message>
    <message>
      <source>Persons who moved out this month</source>
      <translation>本月迁出的人员</translation>
    </message>
    <message>
      <source>Quick actions</source>
      <translation>快捷操作</translation>
    </message>
    <message>
      <source>New household (Ctrl+N)</source>
      <translation>新增户（Ctrl+N）</translation>
    </message>
    <message>
      <source>Register a petition</source>
      <translation>登记信访</translation>
    </message>
    <message>
      <source>Record an activity</source>
      <translation>记录活动</translation>
    </message>
    <message>
      <source>The register is empty. Import the roster of your village (Excel or CSV), or load the demo county to try GridApp out.</source>
      <translation>登记簿还是空的。请导入本村（社区）的花名册（Excel 或 CSV），或载入演示数据先试用。</translation>
    </message>
    <message>
      <source>Import a roster…</source>
      <translation>导入花名册…</translation>
    </message>
    <message>
      <source>Load demo data</source>
      <translation>载入演示数据</translation>
    </message>
    <message>
      <source>Home</source>
      <translation>首页</translation>
    </message>
    <message>
      <source>Households: {h}   Persons listed: {p}   Party members: {m}   Petitions: {q}</source>
      <translation>户数：{h}　登记人员：{p}　党员：{m}　诉求：{q}</translation>
    </message>
    <message>
      <source>Print the monthly ledgers</source>
      <translation>打印月度台账</translation>
    </message>
  </context>
  <context>
    <name>HouseholdDialog</name>
    <message>
      <source>New household</source>
      <translation>新增户</translation>
    </message>
    <message>
      <source>Edit household</source>
      <translation>编辑户</translation>
    </message>
    <message>
      <source>Reading…</source>
      <translation>正在读取…</translation>
    </message>
    <message>
      <source>Members</source>
      <translation>成员</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Relation</source>
      <translation>与户主关系</translation>
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
      <source>ID number</source>
      <translation>身份证号</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>No members yet: press Ins to add one. The first member is the head.</source>
      <translation>还没有成员：按 Ins 添加。第一位成员默认为户主。</translation>
    </message>
    <message>
      <source>Add member (Ins)</source>
      <translation>添加成员（Ins）</translation>
    </message>
    <message>
      <source>Edit member (Enter)</source>
      <translation>修改成员（Enter）</translation>
    </message>
    <message>
      <source>Remove (Del)</source>
      <translation>删除（Del）</translation>
    </message>
    <message>
      <source>Edit household {number}</source>
      <translation>编辑户：户号 {number}</translation>
    </message>
    <message>
      <source>This household could not be read.</source>
      <translation>读取这一户没有成功。</translation>
    </message>
    <message>
      <source>Discard the whole new household and open {name}?</source>
      <translation>放弃这个新户已填写的全部内容，打开 {name} 吗？</translation>
    </message>
    <message>
      <source>Discard the new household and everything typed for it?</source>
      <translation>放弃这个新户已填写的全部内容吗？</translation>
    </message>
    <message>
      <source>members</source>
      <translation>成员</translation>
    </message>
    <message>
      <source>head of household</source>
      <translation>户主</translation>
    </message>
  </context>
  <context>
    <name>HouseholdPage</name>
    <message>
      <source>No household is open. Open one from the household list (Alt+2) or the search (Ctrl+F), or create one with Ctrl+N.</source>
      <translation>还没有打开任何一户。请从户籍人口列表（Alt+2）或搜索（Ctrl+F）打开，或按 Ctrl+N 新增户。</translation>
    </message>
    <message>
      <source>Edit household</source>
      <translation>编辑户</translation>
    </message>
    <message>
      <source>F2</source>
      <translation>F2</translation>
    </message>
    <message>
      <source>Add member</source>
      <translation>添加成员</translation>
    </message>
    <message>
      <source>Move in or birth (Ctrl+Shift+N)</source>
      <translation>迁入或出生（Ctrl+Shift+N）</translation>
    </message>
    <message>
      <source>Edit member</source>
      <translation>编辑成员</translation>
    </message>
    <message>
      <source>Enter</source>
      <translation>Enter</translation>
    </message>
    <message>
      <source>Move out</source>
      <translation>迁出</translation>
    </message>
    <message>
      <source>Death</source>
      <translation>死亡</translation>
    </message>
    <message>
      <source>Split household</source>
      <translation>分户</translation>
    </message>
    <message>
      <source>Change head</source>
      <translation>变更户主</translation>
    </message>
    <message>
      <source>Register petition</source>
      <translation>登记信访</translation>
    </message>
    <message>
      <source>A petition of the selected member (Ctrl+Shift+P)</source>
      <translation>为选中的成员登记信访（Ctrl+Shift+P）</translation>
    </message>
    <message>
      <source>Tags</source>
      <translation>标签</translation>
    </message>
    <message>
      <source>Tags of the member</source>
      <translation>成员标签</translation>
    </message>
    <message>
      <source>Tags of the household</source>
      <translation>户标签</translation>
    </message>
    <message>
      <source>Register petition (Ctrl+Shift+P)</source>
      <translation>登记信访（Ctrl+Shift+P）</translation>
    </message>
    <message>
      <source>Nobody is registered in this household. Add a member with Ctrl+Shift+N.</source>
      <translation>这一户目前没有登记成员。按 Ctrl+Shift+N 添加成员。</translation>
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
      <source>Grid</source>
      <translation>网格</translation>
    </message>
    <message>
      <source>Household kind</source>
      <translation>户类别</translation>
    </message>
    <message>
      <source>Lives at registered address</source>
      <translation>人户一致标识</translation>
    </message>
    <message>
      <source>Household tags</source>
      <translation>户标签</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>No member of this household has petitioned. Register a petition on 诉求信访.</source>
      <translation>这一户的成员没有诉求信访记录。登记诉求请到“诉求信访”。</translation>
    </message>
    <message>
      <source>No party member lives in this household.</source>
      <translation>这一户没有党员。</translation>
    </message>
    <message>
      <source>Members</source>
      <translation>成员</translation>
    </message>
    <message>
      <source>House</source>
      <translation>房屋</translation>
    </message>
    <message>
      <source>History</source>
      <translation>变动记录</translation>
    </message>
    <message>
      <source>Petitions</source>
      <translation>诉求</translation>
    </message>
    <message>
      <source>Party members</source>
      <translation>党员</translation>
    </message>
    <message>
      <source>Household</source>
      <translation>户详情</translation>
    </message>
    <message>
      <source>This household no longer exists.</source>
      <translation>这一户已不存在。</translation>
    </message>
    <message>
      <source>Household {number} · Head: {head}</source>
      <translation>户号 {number} · 户主：{head}</translation>
    </message>
    <message>
      <source>(none)</source>
      <translation>（无）</translation>
    </message>
    <message>
      <source>Grid: {grid}</source>
      <translation>网格：{grid}</translation>
    </message>
    <message>
      <source>{count} living here</source>
      <translation>现有 {count} 人</translation>
    </message>
    <message>
      <source>Tags: {tags}</source>
      <translation>标签：{tags}</translation>
    </message>
    <message>
      <source>, </source>
      <translation>、</translation>
    </message>
    <message>
      <source>{tag} (since {start})</source>
      <translation>{tag}（自 {start} 起）</translation>
    </message>
    <message>
      <source>Show full numbers</source>
      <translation>显示完整号码</translation>
    </message>
    <message>
      <source>The selected member's full ID number and phone (recorded in the audit log)</source>
      <translation>所选成员的完整身份证号码和电话（记入审计日志）</translation>
    </message>
    <message>
      <source>Full numbers</source>
      <translation>完整号码</translation>
    </message>
    <message>
      <source>{name}
ID number: {id}
Phone: {phone}</source>
      <translation>{name}
身份证号码：{id}
电话：{phone}</translation>
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
    <message>
      <source>Reading the household list…</source>
      <translation>正在读取户籍列表…</translation>
    </message>
  </context>
  <context>
    <name>HouseholdTables</name>
    <message>
      <source>{status} ({date})</source>
      <translation>{status}（{date}）</translation>
    </message>
    <message>
      <source>, </source>
      <translation>、</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Relation</source>
      <translation>与户主关系</translation>
    </message>
    <message>
      <source>Sex</source>
      <translation>性别</translation>
    </message>
    <message>
      <source>Age</source>
      <translation>年龄</translation>
    </message>
    <message>
      <source>ID number</source>
      <translation>身份证号</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>Population type</source>
      <translation>人口类型</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Tags</source>
      <translation>标签</translation>
    </message>
    <message>
      <source>Registered</source>
      <translation>已登记</translation>
    </message>
    <message>
      <source>Accepted</source>
      <translation>已受理</translation>
    </message>
    <message>
      <source>Not accepted</source>
      <translation>不予受理</translation>
    </message>
    <message>
      <source>Transferred</source>
      <translation>已转送交办</translation>
    </message>
    <message>
      <source>In progress</source>
      <translation>办理中</translation>
    </message>
    <message>
      <source>Extended</source>
      <translation>已延期</translation>
    </message>
    <message>
      <source>Replied</source>
      <translation>已答复</translation>
    </message>
    <message>
      <source>Closed</source>
      <translation>已办结</translation>
    </message>
    <message>
      <source>Under review</source>
      <translation>复查中</translation>
    </message>
    <message>
      <source>Under recheck</source>
      <translation>复核中</translation>
    </message>
    <message>
      <source>Reported {date}</source>
      <translation>已报到（{date}）</translation>
    </message>
    <message>
      <source>Cancelled {date}</source>
      <translation>已注销（{date}）</translation>
    </message>
    <message>
      <source>Not reported</source>
      <translation>未报到</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Change</source>
      <translation>变动类型</translation>
    </message>
    <message>
      <source>Details</source>
      <translation>情况说明</translation>
    </message>
    <message>
      <source>Reg. no.</source>
      <translation>登记编号</translation>
    </message>
    <message>
      <source>Registered on</source>
      <translation>登记日期</translation>
    </message>
    <message>
      <source>Petitioner</source>
      <translation>信访人</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>形式</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>Due</source>
      <translation>限办日期</translation>
    </message>
    <message>
      <source>Summary</source>
      <translation>概况</translation>
    </message>
    <message>
      <source>Membership</source>
      <translation>党员类别</translation>
    </message>
    <message>
      <source>Joined</source>
      <translation>入党日期</translation>
    </message>
    <message>
      <source>Work unit</source>
      <translation>工作单位</translation>
    </message>
    <message>
      <source>Party organisation</source>
      <translation>所在党组织</translation>
    </message>
    <message>
      <source>Reporting</source>
      <translation>报到情况</translation>
    </message>
  </context>
  <context>
    <name>HouseholdsPage</name>
    <message>
      <source>New household (Ctrl+N)</source>
      <translation>新增户（Ctrl+N）</translation>
    </message>
    <message>
      <source>Import roster…</source>
      <translation>导入花名册…</translation>
    </message>
    <message>
      <source>Export…</source>
      <translation>导出…</translation>
    </message>
    <message>
      <source>Households</source>
      <translation>户籍人口</translation>
    </message>
    <message>
      <source>Load demo data</source>
      <translation>载入演示数据</translation>
    </message>
    <message>
      <source>Load {count} invented households (武宁县) to try the program out? Demo data is for practice only: do not load it on a computer that will be used for the real register.</source>
      <translation>载入 {count} 户虚构的演示数据（武宁县）来熟悉软件吗？演示数据只供练习：准备登记真实人口的电脑上请不要载入。</translation>
    </message>
    <message>
      <source>Loading demo data…</source>
      <translation>正在载入演示数据…</translation>
    </message>
    <message>
      <source>Reading…</source>
      <translation>正在读取…</translation>
    </message>
    <message>
      <source>Counting… (first {count} shown)</source>
      <translation>正在统计…（已显示前 {count} 户）</translation>
    </message>
    <message>
      <source>{count} households match</source>
      <translation>符合条件 {count} 户</translation>
    </message>
    <message>
      <source>{count} households in all</source>
      <translation>共 {count} 户</translation>
    </message>
  </context>
  <context>
    <name>ImageViewer</name>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
  </context>
  <context>
    <name>ImportDialog</name>
    <message>
      <source>Import roster</source>
      <translation>导入花名册</translation>
    </message>
    <message>
      <source>File:</source>
      <translation>文件：</translation>
    </message>
    <message>
      <source>Choose an Excel (.xlsx) or CSV roster</source>
      <translation>请选择 Excel（.xlsx）或 CSV 花名册</translation>
    </message>
    <message>
      <source>Choose file…</source>
      <translation>选择文件…</translation>
    </message>
    <message>
      <source>One person per row, column names in the first row. Required columns: name, ID number, relation to the head, address. Nothing is imported while any row has a problem.</source>
      <translation>每行一人，第一行为列名；必填的列：姓名、公民身份号码、与户主关系、地址。只要有一行有问题，就一条也不导入。</translation>
    </message>
    <message>
      <source>Save problem list…</source>
      <translation>保存问题清单…</translation>
    </message>
    <message>
      <source>Import</source>
      <translation>导入</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>Choose the roster file to import.</source>
      <translation>请选择要导入的花名册文件。</translation>
    </message>
    <message>
      <source>Choose a roster</source>
      <translation>选择花名册</translation>
    </message>
    <message>
      <source>Rosters (*.xlsx *.csv)</source>
      <translation>花名册 (*.xlsx *.csv)</translation>
    </message>
    <message>
      <source>Checking the roster…</source>
      <translation>正在检查花名册…</translation>
    </message>
    <message>
      <source>Importing…</source>
      <translation>正在导入…</translation>
    </message>
    <message>
      <source>Importing the roster…</source>
      <translation>正在导入花名册…</translation>
    </message>
    <message>
      <source>{file} problems.xlsx</source>
      <translation>{file}-问题清单.xlsx</translation>
    </message>
    <message>
      <source>Save problem list</source>
      <translation>保存问题清单</translation>
    </message>
    <message>
      <source>Excel workbook (*.xlsx);;CSV file (*.csv)</source>
      <translation>Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)</translation>
    </message>
    <message>
      <source>The problem list could not be saved: {reason}</source>
      <translation>问题清单无法保存：{reason}</translation>
    </message>
    <message>
      <source>The problem list was saved to {path}</source>
      <translation>问题清单已保存到：{path}</translation>
    </message>
    <message>
      <source>Saving the problem list…</source>
      <translation>正在保存问题清单…</translation>
    </message>
    <message>
      <source>The roster is in order: {households} households with {persons} persons can be imported. Press Import to add them to the register.</source>
      <translation>花名册检查无误：可以导入 {households} 户、{persons} 人。点击“导入”登记到本机。</translation>
    </message>
    <message>
      <source>Imported {households} households with {persons} persons.</source>
      <translation>已导入 {households} 户、{persons} 人。</translation>
    </message>
    <message>
      <source>Nothing was imported: {count} problem(s) found. Correct them in the roster (the list below names row and column) and choose the file again.</source>
      <translation>未导入任何数据：发现 {count} 处问题。请按下表列出的行号和列在花名册中改正，然后重新选择文件。</translation>
    </message>
    <message>
      <source>Cancelled: nothing was imported.</source>
      <translation>已取消，未导入任何数据。</translation>
    </message>
  </context>
  <context>
    <name>LeaveDialog</name>
    <message>
      <source>Person</source>
      <translation>人员</translation>
    </message>
    <message>
      <source>the person</source>
      <translation>人员</translation>
    </message>
    <message>
      <source>the date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Optional</source>
      <translation>选填</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>Choose…</source>
      <translation>请选择…</translation>
    </message>
    <message>
      <source>Household {number}, {address}</source>
      <translation>户号{number}，{address}</translation>
    </message>
  </context>
  <context>
    <name>LedgerChoices</name>
    <message>
      <source>Generate</source>
      <translation>生成</translation>
    </message>
    <message>
      <source>H1 {year}</source>
      <translation>{year}年上半年</translation>
    </message>
    <message>
      <source>H2 {year}</source>
      <translation>{year}年下半年</translation>
    </message>
    <message>
      <source>Month</source>
      <translation>月份</translation>
    </message>
    <message>
      <source>Period</source>
      <translation>周期</translation>
    </message>
    <message>
      <source>Print ID and phone numbers in full</source>
      <translation>打印完整的身份证号和电话号码</translation>
    </message>
    <message>
      <source>Scope</source>
      <translation>范围</translation>
    </message>
    <message>
      <source>Year {year}</source>
      <translation>{year}年全年</translation>
    </message>
    <message>
      <source>{month}/{year}</source>
      <translation>{year}年{month}月</translation>
    </message>
    <message>
      <source>{village} (whole village)</source>
      <translation>{village}（全村）</translation>
    </message>
    <message>
      <source>A ledger with full ID and phone numbers is personal data: keep the paper locked away and do not pass the file on.</source>
      <translation>含完整身份证号和电话号码的台账属于个人信息：纸质台账请锁柜保管，电子文件不要外传。</translation>
    </message>
    <message>
      <source>Q1 {year}</source>
      <translation>{year}年第一季度</translation>
    </message>
    <message>
      <source>Q2 {year}</source>
      <translation>{year}年第二季度</translation>
    </message>
    <message>
      <source>Q3 {year}</source>
      <translation>{year}年第三季度</translation>
    </message>
    <message>
      <source>Q4 {year}</source>
      <translation>{year}年第四季度</translation>
    </message>
  </context>
  <context>
    <name>LedgerKinds</name>
    <message>
      <source>Close month</source>
      <translation>结账</translation>
    </message>
    <message>
      <source>Household register ledger</source>
      <translation>户籍人口台账</translation>
    </message>
    <message>
      <source>Ledger</source>
      <translation>台账</translation>
    </message>
    <message>
      <source>Month closing</source>
      <translation>月结</translation>
    </message>
    <message>
      <source>Monthly work summary</source>
      <translation>月度工作汇总</translation>
    </message>
    <message>
      <source>Party member feedback sheet</source>
      <translation>党员表现反馈表</translation>
    </message>
    <message>
      <source>Party members' dual reporting ledger</source>
      <translation>党员双报到台账</translation>
    </message>
    <message>
      <source>Petitions ledger</source>
      <translation>诉求信访台账</translation>
    </message>
    <message>
      <source>Reopen month</source>
      <translation>反结账</translation>
    </message>
  </context>
  <context>
    <name>LedgerPreview</name>
    <message>
      <source>100 %</source>
      <translation>100%</translation>
    </message>
    <message>
      <source>Fit width</source>
      <translation>适合宽度</translation>
    </message>
    <message>
      <source>Next page (PgDn)</source>
      <translation>下一页（向下翻页键）</translation>
    </message>
    <message>
      <source>Next page</source>
      <translation>下一页</translation>
    </message>
    <message>
      <source>Page {page} / {pages}</source>
      <translation>第 {page} / {pages} 页</translation>
    </message>
    <message>
      <source>Previous page (PgUp)</source>
      <translation>上一页（向上翻页键）</translation>
    </message>
    <message>
      <source>Previous page</source>
      <translation>上一页</translation>
    </message>
  </context>
  <context>
    <name>LedgerPrintJob</name>
    <message>
      <source>The printer could not start printing.</source>
      <translation>打印机无法开始打印，请检查打印机是否已连接、已开机。</translation>
    </message>
    <message>
      <source>The printer refused the next page.</source>
      <translation>打印机未接受下一页，打印已停止。</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>GridApp</source>
      <translation>网格通</translation>
    </message>
    <message>
      <source>The village and grid this computer works for</source>
      <translation>本机工作范围（村、网格）</translation>
    </message>
    <message>
      <source>Current user</source>
      <translation>当前用户</translation>
    </message>
    <message>
      <source>○ Offline (no sync server set up)</source>
      <translation>○ 离线（未设置同步服务器）</translation>
    </message>
    <message>
      <source>Database damaged: see the message</source>
      <translation>数据库已损坏，请看提示</translation>
    </message>
    <message>
      <source>Data: {path}</source>
      <translation>数据目录：{path}</translation>
    </message>
    <message>
      <source>User: {user}</source>
      <translation>当前用户：{user}</translation>
    </message>
    <message>
      <source>Last sync: {time}</source>
      <translation>上次同步：{time}</translation>
    </message>
    <message>
      <source>Last sync: never</source>
      <translation>上次同步：从未同步</translation>
    </message>
    <message>
      <source>{count} changes waiting to sync</source>
      <translation>待同步 {count} 条</translation>
    </message>
    <message>
      <source>The clock of this computer is {minutes} minutes off the county server's. Please check the date and time.</source>
      <translation>本机时钟与县级服务器相差 {minutes} 分钟，请检查日期和时间。</translation>
    </message>
    <message>
      <source>The clock of this computer looks wrong: it is earlier than the last saved change ({time}). Please check the date and time.</source>
      <translation>本机时钟可能不准：比最近一次保存修改的时间（{time}）还早，请核对日期和时间。</translation>
    </message>
    <message>
      <source>○ Offline</source>
      <translation>○ 离线</translation>
    </message>
    <message>
      <source>⟳ Syncing</source>
      <translation>⟳ 同步中</translation>
    </message>
    <message>
      <source>● Online</source>
      <translation>● 在线</translation>
    </message>
    <message>
      <source>⚠ Sync failed, will retry</source>
      <translation>⚠ 同步失败，稍后重试</translation>
    </message>
    <message>
      <source>⚠ Syncing stopped</source>
      <translation>⚠ 同步已停止</translation>
    </message>
    <message>
      <source>No work area chosen</source>
      <translation>未选择工作范围</translation>
    </message>
    <message>
      <source>The database failed its integrity check: part of the file is damaged (a power cut or a failing disk). Do not go on entering data and do not delete anything. Call the county's IT staff: they recover the data from the folder “backups” in the data folder or from the county server. The details below are for them.</source>
      <translation>数据库未通过完整性检查：文件有一部分已损坏（可能是停电或硬盘故障）。请不要继续录入，也不要删除任何文件，请联系县里的技术人员：他们会从数据目录下的“backups”文件夹或县级服务器恢复数据。下面的详细信息供技术人员查看。</translation>
    </message>
    <message>
      <source>Restore from a backup…</source>
      <translation>从备份恢复…</translation>
    </message>
  </context>
  <context>
    <name>MemberPicker</name>
    <message>
      <source>Name or ID number, Enter adds; Down to choose several</source>
      <translation>输入姓名或身份证号，Enter 添加；按↓可多选</translation>
    </message>
  </context>
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
      <source>Not a whole number from {min} to {max}.</source>
      <translation>应为 {min} 到 {max} 之间的整数。</translation>
    </message>
    <message>
      <source>An area code has {digits} digits.</source>
      <translation>区划代码应为 {digits} 位数字。</translation>
    </message>
    <message>
      <source>Not a readable JSON file: {detail}</source>
      <translation>不是可读取的 JSON 文件：{detail}</translation>
    </message>
    <message>
      <source>The file must hold one JSON object (a party member).</source>
      <translation>文件中须为一个 JSON 对象（一名党员）。</translation>
    </message>
    <message>
      <source>The file must hold one JSON object (a unit party organisation).</source>
      <translation>文件中须为一个 JSON 对象（一个单位党组织）。</translation>
    </message>
    <message>
      <source>Write each value as FIELD=VALUE, e.g. work_unit=县财政局.</source>
      <translation>每个值写成 字段=值，例如 work_unit=县财政局。</translation>
    </message>
    <message>
      <source>The file must hold one JSON object (an activity), with a list “participants”.</source>
      <translation>文件须是一个 JSON 对象（一次活动），其中 “participants” 为参加党员列表。</translation>
    </message>
    <message>
      <source>The file must hold one JSON object (a petition), with a list “petitioners”.</source>
      <translation>文件应包含一个 JSON 对象（一件信访），其中“petitioners”是信访人列表。</translation>
    </message>
    <message>
      <source>Unknown field “{field}”.</source>
      <translation>未知字段“{field}”。</translation>
    </message>
    <message>
      <source>A month is written YYYY-MM, e.g. 2026-11.</source>
      <translation>月份写作 YYYY-MM，例如 2026-11。</translation>
    </message>
    <message>
      <source>There is no status “{value}”; the statuses are: {known}.</source>
      <translation>没有状态“{value}”；可用的状态有：{known}。</translation>
    </message>
    <message>
      <source>Give three weights for 响应率, 解决率 and 满意率, e.g. 0.1,0.5,0.4.</source>
      <translation>请给出响应率、解决率、满意率三个权重，例如 0.1,0.5,0.4。</translation>
    </message>
    <message>
      <source>Write each value as FIELD=VALUE, e.g. method=书面.</source>
      <translation>每个值写作 字段=值，例如 method=书面。</translation>
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
    <message>
      <source>The date lies before {name}'s date of birth ({birth}).</source>
      <translation>日期早于{name}的出生日期（{birth}）。</translation>
    </message>
    <message>
      <source>The date lies before {name}'s last recorded change ({date}).</source>
      <translation>日期早于{name}上一次登记的变动（{date}）。</translation>
    </message>
    <message>
      <source>{name} is no longer registered here (status: {status} since {date}).</source>
      <translation>{name}已不在本户登记（{date}起状态为“{status}”）。</translation>
    </message>
    <message>
      <source>{name} is the head (户主) and other members still live in the household: change the head first (变更户主).</source>
      <translation>{name}是户主，户内还有其他成员：请先办理变更户主。</translation>
    </message>
    <message>
      <source>{name} is not a member of household {number}.</source>
      <translation>{name}不是户号{number}的成员。</translation>
    </message>
    <message>
      <source>The household already has a head ({name}): choose another relation.</source>
      <translation>本户已有户主（{name}），请选择其他与户主关系。</translation>
    </message>
    <message>
      <source>Nobody lives in the household at present: the person joining it becomes its head (户主).</source>
      <translation>本户目前无在册成员，迁入的人须登记为户主。</translation>
    </message>
    <message>
      <source>Unknown kind of change “{kind}”.</source>
      <translation>未知的变动类型“{kind}”。</translation>
    </message>
    <message>
      <source>{name} is the head already.</source>
      <translation>{name}已经是户主。</translation>
    </message>
    <message>
      <source>Choose the new relation of {name}, the former head, to the new head.</source>
      <translation>请选择原户主{name}与新户主的关系。</translation>
    </message>
    <message>
      <source>Only the new head can be 户主.</source>
      <translation>只有新户主的关系可以是“户主”。</translation>
    </message>
    <message>
      <source>Choose the members who form the new household.</source>
      <translation>请选择分出立户的成员。</translation>
    </message>
    <message>
      <source>At least one member must stay in household {number}. To give the whole household a new number, edit the household instead.</source>
      <translation>户号{number}至少要留下一名成员。如需给整户换户号，请修改户的信息。</translation>
    </message>
    <message>
      <source>{name} is the head of household {number} and cannot leave with the new household: change the head first (变更户主).</source>
      <translation>{name}是户号{number}的户主，不能随新户分出：请先办理变更户主。</translation>
    </message>
    <message>
      <source>The head of the new household must be one of the members who leave.</source>
      <translation>新户户主必须是分出的成员之一。</translation>
    </message>
    <message>
      <source>The end date lies before the start date ({start}).</source>
      <translation>结束日期早于开始日期（{start}）。</translation>
    </message>
    <message>
      <source>The tag “{tag}” already runs in this period (since {start}).</source>
      <translation>这段时间已有“{tag}”标签（{start}起）。</translation>
    </message>
    <message>
      <source>This tag has ended already ({end}).</source>
      <translation>该标签已于{end}结束。</translation>
    </message>
    <message>
      <source>This ID number is on record: {name}, moved out on {date}. Bring {name} back (迁回) instead of registering the person a second time.</source>
      <translation>该身份证号已有登记：{name}，于{date}迁出。请为{name}办理迁回，不要重复登记。</translation>
    </message>
    <message>
      <source>{name} has not moved out (status: {status}): only a person who moved out can be brought back.</source>
      <translation>{name}未迁出（状态：{status}），只有已迁出的人员才能办理迁回。</translation>
    </message>
    <message>
      <source>{name} moved in ({relation}).</source>
      <translation>{name}迁入（{relation}）。</translation>
    </message>
    <message>
      <source>{name} was born ({relation}).</source>
      <translation>{name}出生（{relation}）。</translation>
    </message>
    <message>
      <source>{name} moved back in ({relation}); had moved out of household {number} on {date}.</source>
      <translation>{name}迁回（{relation}），原于{date}自户号{number}迁出。</translation>
    </message>
    <message>
      <source>{name} moved out to {destination} (was {relation}, status {status}).</source>
      <translation>{name}迁出，迁往{destination}（原与户主关系：{relation}，原状态：{status}）。</translation>
    </message>
    <message>
      <source>{name} died (was {relation}, status {status}).</source>
      <translation>{name}死亡（原与户主关系：{relation}，原状态：{status}）。</translation>
    </message>
    <message>
      <source> Tags ended: {tags}.</source>
      <translation>同时结束标签：{tags}。</translation>
    </message>
    <message>
      <source>Head changed from {old} to {new}.</source>
      <translation>户主由{old}变更为{new}。</translation>
    </message>
    <message>
      <source>{new} became the head.</source>
      <translation>{new}登记为户主。</translation>
    </message>
    <message>
      <source> Relations changed: {changes}.</source>
      <translation>与户主关系变更：{changes}。</translation>
    </message>
    <message>
      <source>{name} {old} → {new}</source>
      <translation>{name}由{old}改为{new}</translation>
    </message>
    <message>
      <source>{names} left to form household {number} (head {head}).</source>
      <translation>{names}分户，另立新户户号{number}（户主{head}）。</translation>
    </message>
    <message>
      <source>Split from household {number}: {names} (head {head}).</source>
      <translation>由户号{number}分户立户：{names}（户主{head}）。</translation>
    </message>
    <message>
      <source> Note: {note}</source>
      <translation>备注：{note}</translation>
    </message>
    <message>
      <source>Household register ledger</source>
      <translation>户籍人口台账</translation>
    </message>
    <message>
      <source>1. Households and members by grid</source>
      <translation>一、分网格户籍花名册</translation>
    </message>
    <message>
      <source>2. Register changes (this month | year to date)</source>
      <translation>二、户籍变动统计（当月数 | 累计数）</translation>
    </message>
    <message>
      <source>3. This month's changes one by one</source>
      <translation>三、本月户籍变动明细</translation>
    </message>
    <message>
      <source>Members at the end of the month; ID numbers and phone numbers are masked.</source>
      <translation>人员为统计期末在册人员；公民身份号码和联系电话已脱敏。</translation>
    </message>
    <message>
      <source>Members at the end of the month; ID numbers and phone numbers in full.</source>
      <translation>人员为统计期末在册人员；公民身份号码和联系电话为完整号码。</translation>
    </message>
    <message>
      <source>Year to date: from 1 January to the end of the month. A household split counts once, in the grid of the household the members left.</source>
      <translation>累计数：自当年1月1日至统计月末。分户计一次，计入原户所在网格。</translation>
    </message>
    <message>
      <source>No register changes this month.</source>
      <translation>本月无户籍变动。</translation>
    </message>
    <message>
      <source>No.</source>
      <translation>序号</translation>
    </message>
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
      <source>Persons</source>
      <translation>人数</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Relation to head</source>
      <translation>与户主关系</translation>
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
      <source>ID number</source>
      <translation>公民身份号码</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>Tags</source>
      <translation>标签</translation>
    </message>
    <message>
      <source>Grid</source>
      <translation>网格</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Change</source>
      <translation>变动类型</translation>
    </message>
    <message>
      <source>Details</source>
      <translation>情况说明</translation>
    </message>
    <message>
      <source>Subtotal</source>
      <translation>小计</translation>
    </message>
    <message>
      <source>Total</source>
      <translation>合计</translation>
    </message>
    <message>
      <source>{count} households</source>
      <translation>{count}户</translation>
    </message>
    <message>
      <source>, </source>
      <translation>、</translation>
    </message>
    <message>
      <source>(none)</source>
      <translation>无</translation>
    </message>
    <message>
      <source>Saved the page “{page}” ({width}×{height} pixels) to {path}</source>
      <translation>已将页面“{page}”（{width}×{height} 像素）保存到 {path}</translation>
    </message>
    <message>
      <source>The size must look like 1280x800 (between 320x240 and 7680x4320).</source>
      <translation>尺寸应写成 1280x800 的形式（在 320x240 到 7680x4320 之间）。</translation>
    </message>
    <message>
      <source>The scale must be between 0.5 and 4.</source>
      <translation>缩放比例应在 0.5 到 4 之间。</translation>
    </message>
    <message>
      <source>Could not write {path}.</source>
      <translation>无法写入 {path}。</translation>
    </message>
    <message>
      <source>The export was cancelled: no file was written.</source>
      <translation>导出已取消，没有写出文件。</translation>
    </message>
    <message>
      <source>Name at least one petitioner (a registered person or a name typed in).</source>
      <translation>请至少填写一名信访人（可选已登记人员，也可直接填写姓名）。</translation>
    </message>
    <message>
      <source>A group visit chooses at most 5 representatives (信访工作条例 art. 20); {count} are named.</source>
      <translation>多人走访应推选代表，代表人数不得超过5人（《信访工作条例》第二十条），现填写了 {count} 人。</translation>
    </message>
    <message>
      <source>The headcount ({headcount}) is lower than the {count} petitioners named.</source>
      <translation>人数（{headcount}）少于已填写的信访人数（{count}）。</translation>
    </message>
    <message>
      <source>Only one petitioner can be the main petitioner.</source>
      <translation>只能有一名主信访人。</translation>
    </message>
    <message>
      <source>A repeat petition has been made at least twice: give the number of times.</source>
      <translation>重复信访至少是第2次，请填写信访次数。</translation>
    </message>
    <message>
      <source>登记编号 {number} is already in use.</source>
      <translation>登记编号 {number} 已被使用。</translation>
    </message>
    <message>
      <source>The petitioner is not in the register (it may have been deleted).</source>
      <translation>信访人不在户籍登记中（可能已被删除）。</translation>
    </message>
    <message>
      <source>No petition with 登记编号 {number}.</source>
      <translation>没有登记编号为 {number} 的信访件。</translation>
    </message>
    <message>
      <source>The petition is “{status}”: its registration can no longer be corrected.</source>
      <translation>该信访事项已是“{status}”，登记信息不能再更正。</translation>
    </message>
    <message>
      <source>“{field}” cannot be corrected: only the registration's fields (except the date received) can.</source>
      <translation>“{field}”不能更正：只能更正登记的各项信息（登记日期除外）。</translation>
    </message>
    <message>
      <source>Give the reason for the correction.</source>
      <translation>请填写更正原因。</translation>
    </message>
    <message>
      <source>Nothing to correct: the values are those already registered.</source>
      <translation>没有需要更正的内容：所填的值与已登记的相同。</translation>
    </message>
    <message>
      <source>Accused persons are recorded: the kind must stay 检举控告类.</source>
      <translation>已记录被检举控告人：事项类别须保持为检举控告类。</translation>
    </message>
    <message>
      <source>The attachment could not be stored.</source>
      <translation>附件未能保存。</translation>
    </message>
    <message>
      <source>The file “{name}” is {size} MB; an attachment may be at most {limit} MB. Nothing was attached.</source>
      <translation>文件“{name}”大小为 {size} MB，附件最大 {limit} MB。未添加任何附件。</translation>
    </message>
    <message>
      <source>The file “{name}” is not a JPEG, PNG or TIFF picture or a PDF document (judged by its content, not its name). Nothing was attached.</source>
      <translation>文件“{name}”不是 JPEG、PNG、TIFF 图片或 PDF 文档（按文件内容判断，而非文件扩展名）。未添加任何附件。</translation>
    </message>
    <message>
      <source>The file “{name}” could not be read ({detail}). Nothing was attached.</source>
      <translation>无法读取文件“{name}”（{detail}）。未添加任何附件。</translation>
    </message>
    <message>
      <source>This file is already attached to the petition (as “{name}”). Nothing was attached.</source>
      <translation>该文件已是本件诉求的附件（“{name}”），未重复添加。</translation>
    </message>
    <message>
      <source>The attached file {sha} is not on this computer: it may not have been received yet, or it was removed.</source>
      <translation>附件 {sha} 不在本机：可能尚未同步到本机，或已被删除。</translation>
    </message>
    <message>
      <source>The attached file {sha} is damaged: its content no longer matches its fingerprint. Restore the data directory from a backup or attach the file again.</source>
      <translation>附件 {sha} 已损坏：内容与其校验值（指纹）不符。请从备份恢复数据目录，或重新添加该文件。</translation>
    </message>
    <message>
      <source>The holiday table {path} cannot be used: {reason}</source>
      <translation>节假日表 {path} 无法使用：{reason}</translation>
    </message>
    <message>
      <source>The holidays of {year} are provisional: check them against the State Council notice.</source>
      <translation>{year}年的节假日安排是暂定的，请对照国务院办公厅的放假通知核实。</translation>
    </message>
    <message>
      <source>The holiday table has no entry for {year}: only weekends are counted as rest days.</source>
      <translation>节假日表中没有{year}年的安排：只按周六、周日计算休息日。</translation>
    </message>
    <message>
      <source>There is no step “{action}”.</source>
      <translation>没有“{action}”这一步骤。</translation>
    </message>
    <message>
      <source>There is no role “{role}”.</source>
      <translation>没有“{role}”这一角色。</translation>
    </message>
    <message>
      <source>“{action}” is not possible while the petition is “{status}”.</source>
      <translation>“{action}”不能在信访事项处于“{status}”时进行。</translation>
    </message>
    <message>
      <source>A {role} may not do “{action}”.</source>
      <translation>{role}不能进行“{action}”。</translation>
    </message>
    <message>
      <source>The petition is with the {holder}: only they can do “{action}”.</source>
      <translation>该信访事项现由{holder}办理，只有其能进行“{action}”。</translation>
    </message>
    <message>
      <source>The date {on} is before the previous step ({last}): dates cannot go back.</source>
      <translation>日期 {on} 早于上一步骤（{last}），日期不能倒退。</translation>
    </message>
    <message>
      <source>This date is after the step itself ({on}).</source>
      <translation>该日期晚于本步骤的日期（{on}）。</translation>
    </message>
    <message>
      <source>This date is before the petition was accepted ({accepted}).</source>
      <translation>该日期早于受理日期（{accepted}）。</translation>
    </message>
    <message>
      <source>Unknown value “{value}”: choose one of {choices}.</source>
      <translation>无法识别“{value}”，请从{choices}中选择。</translation>
    </message>
    <message>
      <source>The petition is already with {unit}.</source>
      <translation>该信访事项已在{unit}。</translation>
    </message>
    <message>
      <source>Only a department needs a level; a {side} is at its own level.</source>
      <translation>只有承办部门需要选择层级；{side}的层级即其本身。</translation>
    </message>
    <message>
      <source>Too late for an objection: it was possible until {deadline} (5 working days after the petition arrived on {received}).</source>
      <translation>异议已超过期限：最迟可在 {deadline} 提出（信访事项于 {received} 送达后 5 个工作日内）。</translation>
    </message>
    <message>
      <source>The handling period ended on {due}: it can no longer be extended.</source>
      <translation>办理期限已于 {due} 届满，不能再延期。</translation>
    </message>
    <message>
      <source>The new due date must be after the current one ({due}).</source>
      <translation>延期后的期限须晚于当前期限（{due}）。</translation>
    </message>
    <message>
      <source>An extension is at most 30 days beyond the current due date {due}: {latest} at the latest.</source>
      <translation>延期不得超过当前期限 {due} 之后 30 日，最迟为 {latest}。</translation>
    </message>
    <message>
      <source>The handling period has already been extended once (until {until}).</source>
      <translation>办理期限已延期一次（至 {until}），不能再次延期。</translation>
    </message>
    <message>
      <source>Too late for a review (复查): it could be requested until {deadline} (30 days after the reply of {replied}).</source>
      <translation>复查申请已超过期限：最迟可在 {deadline} 提出（{replied} 答复后 30 日内）。</translation>
    </message>
    <message>
      <source>Too late for a recheck (复核): it could be requested until {deadline} (30 days after the review answer of {answered}).</source>
      <translation>复核申请已超过期限：最迟可在 {deadline} 提出（{answered} 复查答复后 30 日内）。</translation>
    </message>
    <message>
      <source>A review (复查) was already requested on {requested}; next comes a recheck (复核).</source>
      <translation>已于 {requested} 申请过复查，此后只能申请复核。</translation>
    </message>
    <message>
      <source>A recheck (复核) was already requested on {requested}.</source>
      <translation>已于 {requested} 申请过复核。</translation>
    </message>
    <message>
      <source>A recheck (复核) needs a review (复查) answer first.</source>
      <translation>须先有复查意见，才能申请复核。</translation>
    </message>
    <message>
      <source>The petitioner was already reached on {called}; the satisfaction is recorded.</source>
      <translation>已于 {called} 回访到信访人，满意度已记录。</translation>
    </message>
    <message>
      <source>There is no satisfaction without reaching the petitioner.</source>
      <translation>未联系到信访人，不能记录满意度。</translation>
    </message>
    <message>
      <source>Say why the petitioner could not be reached.</source>
      <translation>请说明未能联系到信访人的原因。</translation>
    </message>
    <message>
      <source>{name} is named more than once among the petitioners.</source>
      <translation>信访人中{name}填写了不止一次。</translation>
    </message>
    <message>
      <source>Could not write {path} ({detail}).</source>
      <translation>无法写入 {path}（{detail}）。</translation>
    </message>
    <message>
      <source>The joined date lies before the member's 18th birthday ({date}): the party admits members from the age of 18.</source>
      <translation>入党日期早于其年满十八周岁之日（{date}）：年满十八岁方可入党。</translation>
    </message>
    <message>
      <source>{name} has already reported on {date}: a member cannot report twice.</source>
      <translation>{name}已于{date}报到，不能重复报到。</translation>
    </message>
    <message>
      <source>{name}'s report was cancelled (注销) on {date}: a member cannot report after 注销.</source>
      <translation>{name}的报到已于{date}注销，注销后不能再报到。</translation>
    </message>
    <message>
      <source>The report date lies before the date the member joined the party ({date}).</source>
      <translation>报到日期早于入党日期（{date}）。</translation>
    </message>
    <message>
      <source>Grid {grid} does not belong to the community {community} reported to.</source>
      <translation>网格 {grid} 不属于所报到的村（社区）{community}。</translation>
    </message>
    <message>
      <source>{name} has no current report to cancel (注销).</source>
      <translation>{name}没有在册的报到，无法注销。</translation>
    </message>
    <message>
      <source>The 注销 date lies before the report date ({date}).</source>
      <translation>注销日期早于报到日期（{date}）。</translation>
    </message>
    <message>
      <source>The organisation's report was cancelled (注销) on {date}.</source>
      <translation>该党组织的报到已于{date}注销。</translation>
    </message>
    <message>
      <source>The receipt (回执) was already countersigned on {date} by {signer}.</source>
      <translation>回执已于{date}由{signer}签收，不能重复签收。</translation>
    </message>
    <message>
      <source>The receipt date lies before the organisation's report date ({date}).</source>
      <translation>回执日期早于该党组织的报到日期（{date}）。</translation>
    </message>
    <message>
      <source>Service hours must be a number of hours, e.g. 1.5; “{value}” is not.</source>
      <translation>服务时长须填写小时数，例如 1.5；“{value}”不是数字。</translation>
    </message>
    <message>
      <source>Service hours must be more than 0.</source>
      <translation>服务时长须大于 0 小时。</translation>
    </message>
    <message>
      <source>Service hours cannot exceed {max} in one activity; {value} were given.</source>
      <translation>一次活动的服务时长不能超过 {max} 小时，填写的是 {value} 小时。</translation>
    </message>
    <message>
      <source>Service hours are counted in quarter hours (0.25, 0.5, 0.75, 1 …); {value} is not one.</source>
      <translation>服务时长以一刻钟（0.25 小时）为单位，如 0.25、0.5、0.75、1 …；{value} 不符合。</translation>
    </message>
    <message>
      <source>Not a valid period “{value}”: use a year (2026), a half year (2026H1) or a quarter (2026Q3).</source>
      <translation>周期“{value}”无效：请填写年度（2026）、半年度（2026H1）或季度（2026Q3）。</translation>
    </message>
    <message>
      <source>Unknown feedback period “{value}”: use quarter, half or year.</source>
      <translation>反馈周期“{value}”无效：请选择 quarter（季度）、half（半年度）或 year（年度）。</translation>
    </message>
    <message>
      <source>Must be a number; “{value}” is not.</source>
      <translation>须填写数字，“{value}”不是数字。</translation>
    </message>
    <message>
      <source>Must be from {min} to {max}; {value} is not.</source>
      <translation>须在 {min} 到 {max} 之间，{value} 不在此范围内。</translation>
    </message>
    <message>
      <source>A party member with ID number {number} is already registered: {name}.</source>
      <translation>身份证号码为 {number} 的党员已登记：{name}，不能重复登记。</translation>
    </message>
    <message>
      <source>No party member with ID number {number}.</source>
      <translation>没有身份证号码为 {number} 的党员。</translation>
    </message>
    <message>
      <source>The household register records the person with this ID number as deceased.</source>
      <translation>户籍人口中该身份证号码的人员已登记为死亡。</translation>
    </message>
    <message>
      <source>In the household register this ID number belongs to {name}, not to {typed}.</source>
      <translation>户籍人口中该身份证号码属于{name}，不是{typed}。</translation>
    </message>
    <message>
      <source>The linked person is not in the household register (it may have been deleted).</source>
      <translation>关联的人员不在户籍人口中（可能已被删除）。</translation>
    </message>
    <message>
      <source>“{field}” is taken from the household register: correct it there.</source>
      <translation>“{field}”取自户籍人口，请在户籍人口中更正。</translation>
    </message>
    <message>
      <source>The ID number identifies the member and cannot be changed.</source>
      <translation>身份证号码用于识别党员，不能修改。</translation>
    </message>
    <message>
      <source>Nothing to change: the values are those already recorded.</source>
      <translation>没有需要修改的内容：所填的值与已登记的相同。</translation>
    </message>
    <message>
      <source>“{name}” has already reported on {date}: an organisation cannot report twice.</source>
      <translation>“{name}”已于{date}报到，党组织不能重复报到。</translation>
    </message>
    <message>
      <source>“{name}”'s report was cancelled (注销) on {date}: it cannot report again.</source>
      <translation>“{name}”的报到已于{date}注销，注销后不能再报到。</translation>
    </message>
    <message>
      <source>No unit party organisation “{name}”.</source>
      <translation>没有名为“{name}”的单位党组织。</translation>
    </message>
    <message>
      <source>No service post or project “{post}”.</source>
      <translation>没有岗位或项目“{post}”。</translation>
    </message>
    <message>
      <source>Several posts are named “{post}”: choose one by its id.</source>
      <translation>有多个岗位名为“{post}”，请用编号指定。</translation>
    </message>
    <message>
      <source>“{post}” is already full: {claimed} of {planned} places are claimed.</source>
      <translation>“{post}”已满：计划 {planned} 人，已认领 {claimed} 人。</translation>
    </message>
    <message>
      <source>The kind is 岗位 (post) or 项目 (project).</source>
      <translation>类型只能是岗位或项目。</translation>
    </message>
    <message>
      <source>No party member “{member}” in the register.</source>
      <translation>党员名册中查无“{member}”。</translation>
    </message>
    <message>
      <source>Several party members are named “{member}”: use the ID number.</source>
      <translation>有多名党员叫“{member}”，请改用身份证号码。</translation>
    </message>
    <message>
      <source>{name}'s report was cancelled (注销) on {date}.</source>
      <translation>{name} 已于 {date} 注销报到。</translation>
    </message>
    <message>
      <source>No unit party organisation “{org}”.</source>
      <translation>没有单位党组织“{org}”。</translation>
    </message>
    <message>
      <source>The unit party organisation “{org}” was cancelled (注销).</source>
      <translation>单位党组织“{org}”已注销。</translation>
    </message>
    <message>
      <source>A claim is made by one party member or one unit party organisation.</source>
      <translation>认领人须是一名党员或一个单位党组织（二选一）。</translation>
    </message>
    <message>
      <source>{who} has already claimed “{post}”.</source>
      <translation>{who} 已认领“{post}”，不能重复认领。</translation>
    </message>
    <message>
      <source>{who} holds no claim on “{post}”.</source>
      <translation>{who} 未认领“{post}”。</translation>
    </message>
    <message>
      <source>No activity “{activity}”.</source>
      <translation>没有活动“{activity}”。</translation>
    </message>
    <message>
      <source>Name at least one participant.</source>
      <translation>请至少填写一名参加党员。</translation>
    </message>
    <message>
      <source>{name} takes part in this activity already.</source>
      <translation>{name} 已参加本次活动，不能重复登记。</translation>
    </message>
    <message>
      <source>Points are a number from 0 to {max}.</source>
      <translation>积分须是 0 到 {max} 之间的数。</translation>
    </message>
    <message>
      <source>The period {period} has not begun yet.</source>
      <translation>期间 {period} 尚未开始。</translation>
    </message>
    <message>
      <source>A year is written YYYY, e.g. 2026.</source>
      <translation>年份写作四位数字，如 2026。</translation>
    </message>
    <message>
      <source>County server database ready: {county} {name}; {places} place records written.</source>
      <translation>县级服务器数据库已就绪：{county} {name}；写入地点记录 {places} 条。</translation>
    </message>
    <message>
      <source>One-time enrolment code for {scopes} ({role}), valid 24 hours. Enter it on the PC with: gridapp enroll --server URL --code CODE</source>
      <translation>一次性注册码，范围 {scopes}（{role}），24 小时内有效。请在电脑上运行：gridapp enroll --server URL --code CODE</translation>
    </message>
    <message>
      <source>No device {device_id} is enrolled.</source>
      <translation>没有已注册的设备 {device_id}。</translation>
    </message>
    <message>
      <source>Device {device_id} is revoked: the server refuses its requests from now on.</source>
      <translation>设备 {device_id} 已吊销：服务器从现在起拒绝它的所有请求。</translation>
    </message>
    <message>
      <source>No device is enrolled yet.</source>
      <translation>尚无已注册的设备。</translation>
    </message>
    <message>
      <source>Device {device_id} is used by {persons}: petitions accusing them, and their files, never reach it.</source>
      <translation>设备 {device_id} 的使用人：{persons}。检举控告他们的信访件及其附件永远不会发送到这台设备。</translation>
    </message>
    <message>
      <source>No person is listed for device {device_id}.</source>
      <translation>设备 {device_id} 没有登记使用人。</translation>
    </message>
    <message>
      <source>The server holds no audit entry of device {device_id} yet.</source>
      <translation>服务器上还没有设备 {device_id} 的操作日志。</translation>
    </message>
    <message>
      <source>The server database {db} is not set up: run gridapp-server init first.</source>
      <translation>服务器数据库 {db} 尚未初始化：请先运行 gridapp-server init。</translation>
    </message>
    <message>
      <source>The server database was written by a newer gridapp-server (schema {found}, this one knows {known}): upgrade the program.</source>
      <translation>服务器数据库由更新版本的 gridapp-server 写入（结构版本 {found}，本程序只认识 {known}）：请升级程序。</translation>
    </message>
    <message>
      <source>Cannot use the server database: {error}</source>
      <translation>无法使用服务器数据库：{error}</translation>
    </message>
    <message>
      <source>Cannot read the places file: {error}</source>
      <translation>无法读取地点文件：{error}</translation>
    </message>
    <message>
      <source>Refused ({reason}): {detail}</source>
      <translation>已拒绝（{reason}）：{detail}</translation>
    </message>
    <message>
      <source>active</source>
      <translation>有效</translation>
    </message>
    <message>
      <source>revoked {time}</source>
      <translation>已于 {time} 吊销</translation>
    </message>
    <message>
      <source>never</source>
      <translation>从未</translation>
    </message>
    <message>
      <source>--tls-cert and --tls-key go together: give both files or neither.</source>
      <translation>--tls-cert 和 --tls-key 须同时给出：两个文件都给，或都不给。</translation>
    </message>
    <message>
      <source>Cannot read the TLS file {path}.</source>
      <translation>无法读取 TLS 文件 {path}。</translation>
    </message>
    <message>
      <source>Refused: {error}</source>
      <translation>已拒绝：{error}</translation>
    </message>
    <message>
      <source>The server sent data this program does not understand ({detail}). Nothing of it was applied; the sync stopped and will try again later.</source>
      <translation>服务器发来了本程序无法识别的数据（{detail}）。这些数据一条也没有写入；同步已停止，稍后会再试。</translation>
    </message>
    <message>
      <source>A record from the server ({table} {id}) has the same number as another record on this PC ({detail}). Nothing of this page was applied; the sync stopped.</source>
      <translation>服务器发来的记录（{table} {id}）与本机另一条记录的编号相同（{detail}）。这一批数据一条也没有写入；同步已停止。</translation>
    </message>
    <message>
      <source>This PC is not enrolled with a county server yet. Ask the county for an enrolment code and run: gridapp enroll --server URL --code CODE</source>
      <translation>本机尚未在县级服务器登记。请向县里索取登记码，然后运行：gridapp enroll --server URL --code CODE</translation>
    </message>
    <message>
      <source>The device secret of this PC was not found ({detail}). Nothing local was changed; enrol the PC again with a new code from the county.</source>
      <translation>找不到本机的设备密钥（{detail}）。本机数据没有任何改动；请向县里索取新的登记码，重新登记本机。</translation>
    </message>
    <message>
      <source>The enrolment answer is incomplete: {detail}.</source>
      <translation>登记结果不完整：{detail}。</translation>
    </message>
    <message>
      <source>The county server could not be reached or refused the request: {detail}.</source>
      <translation>无法连接县级服务器，或服务器拒绝了请求：{detail}。本机数据未丢失。</translation>
    </message>
    <message>
      <source>The county server cannot be reached just now. Every edit is kept on this PC and sent when the server answers again.</source>
      <translation>暂时连不上县级服务器。所有修改都保存在本机，服务器恢复后自动发送。</translation>
    </message>
    <message>
      <source>The county server did not answer in time. Every edit is kept on this PC and sent when the server answers again.</source>
      <translation>县级服务器没有及时应答。所有修改都保存在本机，服务器恢复后自动发送。</translation>
    </message>
    <message>
      <source>The county server has a problem of its own (error {detail}). Every edit is kept on this PC and sent when the server works again.</source>
      <translation>县级服务器自身出现故障（错误 {detail}）。所有修改都保存在本机，服务器恢复后自动发送。</translation>
    </message>
    <message>
      <source>The county server is busy and asked this PC to wait {seconds} seconds before syncing again. Nothing was lost.</source>
      <translation>县级服务器繁忙，要求本机 {seconds} 秒后再同步。没有丢失任何数据。</translation>
    </message>
    <message>
      <source>The county server refused the request: it concerns only villages outside the scope of this PC ({detail}). Nothing local was changed.</source>
      <translation>县级服务器拒绝了请求：所涉及的村不在本机的范围内（{detail}）。本机数据没有改动。</translation>
    </message>
    <message>
      <source>The county server needs a newer program: please upgrade GridApp to version {version} or later. Syncing stopped; nothing local is lost.</source>
      <translation>县级服务器要求更新的程序：请把网格通升级到 {version} 或更高版本。同步已停止；本机数据不会丢失。</translation>
    </message>
    <message>
      <source>The county server no longer accepts this PC ({detail}). Syncing stopped; every local edit is kept. Ask the county for a new enrolment code.</source>
      <translation>县级服务器已不再接受本机（{detail}）。同步已停止，本机所有修改都已保留。请向县里申请新的注册码。</translation>
    </message>
    <message>
      <source>The county has revoked this PC's access to the server. Syncing stopped; every local edit is kept on this PC. Ask the county's IT staff what to do with them.</source>
      <translation>县里已吊销本机访问服务器的权限。同步已停止；本机所有修改都保留在本机。请向县里的信息技术人员询问如何处理。</translation>
    </message>
    <message>
      <source>The county server does not know this PC (it may have been set up again). Syncing stopped; every local edit is kept. Ask the county for a new enrolment code.</source>
      <translation>县级服务器不认识本机（服务器可能已重新安装）。同步已停止；本机所有修改都已保留。请向县里申请新的注册码。</translation>
    </message>
    <message>
      <source>The county server did not accept this PC's device secret. Syncing stopped; every local edit is kept. Ask the county for a new enrolment code.</source>
      <translation>县级服务器不接受本机的设备密钥。同步已停止；本机所有修改都已保留。请向县里申请新的注册码。</translation>
    </message>
    <message>
      <source>The county server refused the enrolment code ({detail}). Nothing changed.</source>
      <translation>县级服务器拒绝了该注册码（{detail}），未作任何更改。</translation>
    </message>
    <message>
      <source>The county server does not know this enrolment code. Check it for typing errors. Nothing changed.</source>
      <translation>县级服务器不认识这个注册码，请检查是否输错。没有做任何改动。</translation>
    </message>
    <message>
      <source>This enrolment code has already been used. Ask the county for a new one. Nothing changed.</source>
      <translation>这个注册码已经用过了，请向县里申请新的注册码。没有做任何改动。</translation>
    </message>
    <message>
      <source>This enrolment code has expired (a code is valid for 24 hours). Ask the county for a new one. Nothing changed.</source>
      <translation>这个注册码已过期（注册码 24 小时内有效），请向县里申请新的注册码。没有做任何改动。</translation>
    </message>
    <message>
      <source>The county has revoked this PC; it cannot enrol again with its old identity. Ask the county's IT staff. Nothing changed.</source>
      <translation>县里已吊销本机，本机不能以原来的身份重新注册，请联系县里的信息技术人员。没有做任何改动。</translation>
    </message>
    <message>
      <source>This PC is enrolled with {server}: device {device}, prefix {prefix}, scope {scopes}.</source>
      <translation>本机已在 {server} 注册：设备 {device}，编号前缀 {prefix}，范围 {scopes}。</translation>
    </message>
    <message>
      <source>Synced: {pushed} sent ({applied} accepted, {conflicts} conflicts, {rejected} rejected), {pulled} received, {removed} removed.</source>
      <translation>同步完成：发出 {pushed} 条（接受 {applied} 条，冲突 {conflicts} 条，退回 {rejected} 条），收到 {pulled} 条，移出 {removed} 条。</translation>
    </message>
    <message>
      <source>Attachment files: {blobs_up} sent, {blobs_down} received.</source>
      <translation>附件文件：发出 {blobs_up} 个，收到 {blobs_down} 个。</translation>
    </message>
    <message>
      <source>This PC's clock is {minutes} minutes off the server's; please correct it.</source>
      <translation>本机时钟与服务器相差 {minutes} 分钟，请校准。</translation>
    </message>
    <message>
      <source>No open conflicts.</source>
      <translation>没有待处理的冲突。</translation>
    </message>
    <message>
      <source>No conflicts.</source>
      <translation>没有冲突。</translation>
    </message>
    <message>
      <source>{id}  {time}  {kind}  {record}  ({status}, edit by {user})</source>
      <translation>{id}  {time}  {kind}  {record}（{status}，修改人 {user}）</translation>
    </message>
    <message>
      <source>    {field}: this PC {local} | county {server}</source>
      <translation>    {field}：本机 {local} | 县里 {server}</translation>
    </message>
    <message>
      <source>    {field}: other PC {local} | county {server}</source>
      <translation>    {field}：其他电脑 {local} | 县里 {server}</translation>
    </message>
    <message>
      <source>Say what to keep: --take local, --take server or --set FIELD=VALUE.</source>
      <translation>请说明保留哪个值：--take local、--take server 或 --set 字段=值。</translation>
    </message>
    <message>
      <source>--set needs FIELD=VALUE, not {text}.</source>
      <translation>--set 需要 字段=值 的形式，而不是 {text}。</translation>
    </message>
    <message>
      <source>The choice for conflict {id} is saved; it goes to the county with the next sync.</source>
      <translation>冲突 {id} 的选择已保存，下次同步时发送到县里。</translation>
    </message>
    <message>
      <source>open</source>
      <translation>待处理</translation>
    </message>
    <message>
      <source>being settled</source>
      <translation>处理中</translation>
    </message>
    <message>
      <source>resolved</source>
      <translation>已解决</translation>
    </message>
    <message>
      <source>Changed on both sides</source>
      <translation>两边都改了</translation>
    </message>
    <message>
      <source>Edited, but deleted on the server</source>
      <translation>修改的记录已被删除</translation>
    </message>
    <message>
      <source>Deleted, but edited elsewhere</source>
      <translation>删除的记录别处已修改</translation>
    </message>
    <message>
      <source>Number already taken</source>
      <translation>编号已被占用</translation>
    </message>
    <message>
      <source>Belongs to a record the server lacks</source>
      <translation>所属记录不在县里</translation>
    </message>
    <message>
      <source>There is no conflict {id} on this PC.</source>
      <translation>本机没有冲突 {id}。</translation>
    </message>
    <message>
      <source>This conflict is already being settled or settled; nothing was changed.</source>
      <translation>这个冲突已在处理或已解决，未做任何修改。</translation>
    </message>
    <message>
      <source>Only a PC enrolled with the county server may resolve conflicts; this one is not.</source>
      <translation>只有已在县里服务器登记的电脑才能处理冲突，本机尚未登记。</translation>
    </message>
    <message>
      <source>A PC enrolled as '{role}' may not resolve conflicts: a grid worker's or chief's PC of the village can.</source>
      <translation>以“{role}”身份登记的电脑不能处理冲突，请由本村网格员或负责人的电脑处理。</translation>
    </message>
    <message>
      <source>This conflict's record ({area}) is outside this PC's scope.</source>
      <translation>这个冲突的记录（{area}）不在本机范围内。</translation>
    </message>
    <message>
      <source>{field} is not one of the fields of this conflict.</source>
      <translation>{field} 不是这个冲突的字段。</translation>
    </message>
    <message>
      <source>{field} can only take this PC's value or the county's value.</source>
      <translation>{field} 只能采用本机的值或县里的值。</translation>
    </message>
    <message>
      <source>This conflict offers no values to choose: it can only be acknowledged.</source>
      <translation>这个冲突没有可选的值，只能确认知晓。</translation>
    </message>
    <message>
      <source>Only a conflict between a deletion and an edit can end with the record deleted.</source>
      <translation>只有“删除与修改”冲突才能以删除记录结束。</translation>
    </message>
    <message>
      <source>The record of this conflict is not on this PC yet; sync first, then choose again.</source>
      <translation>本机还没有这个冲突的记录，请先同步，再重新选择。</translation>
    </message>
    <message>
      <source>Another record already holds this value.</source>
      <translation>另一条记录已使用这个值。</translation>
    </message>
    <message>
      <source>The county server refused this PC's audit log: its chain of fingerprints breaks at entry {seq}. The other data was synced; tell the county's IT staff.</source>
      <translation>县服务器拒收本机的操作日志：日志的指纹链在第 {seq} 条处断开。其他数据已同步，请告知县里的信息技术人员。</translation>
    </message>
    <message>
      <source>The window is closing.</source>
      <translation>窗口正在关闭。</translation>
    </message>
    <message>
      <source>The device secret of this PC is protected by the database passphrase. Press “Sync now” and type the passphrase; until then every edit is kept on this PC.</source>
      <translation>本机的设备密钥由数据库口令保护。请点“立即同步”并输入口令；在此之前所有修改都保存在本机。</translation>
    </message>
    <message>
      <source>This PC's database is busy with a long save (an import, for example); syncing tries again shortly. Nothing was lost.</source>
      <translation>本机数据库正忙于一次较长的保存（例如导入），稍后会再次同步。没有丢失任何数据。</translation>
    </message>
    <message>
      <source>Reporting unit: {name} ({code})</source>
      <translation>填报单位：{name}（{code}）</translation>
    </message>
    <message>
      <source>Grid: {grid}</source>
      <translation>网格：{grid}</translation>
    </message>
    <message>
      <source>Period: {year}-{month:02d}</source>
      <translation>统计期：{year}年{month:02d}月</translation>
    </message>
    <message>
      <source>All grids</source>
      <translation>全部网格</translation>
    </message>
    <message>
      <source>Filled in by: ______________   Date: ______ (year) ____ (month) ____ (day)</source>
      <translation>填报人：______________　　日期：______年____月____日</translation>
    </message>
    <message>
      <source>Reviewed by (secretary): ______________   Date: ______ (year) ____ (month) ____ (day)</source>
      <translation>审核人（社区书记）：______________　　日期：______年____月____日</translation>
    </message>
    <message>
      <source>Page {page} of {pages}</source>
      <translation>第 {page} 页 共 {pages} 页</translation>
    </message>
    <message>
      <source>Printed: {time}</source>
      <translation>打印时间：{time}</translation>
    </message>
    <message>
      <source>(Seal of the unit)</source>
      <translation>（单位盖章）</translation>
    </message>
    <message>
      <source>The ledger font has no glyph for {chars} (in “{sample}”); the PDF was not written.</source>
      <translation>台账字体缺少字符 {chars}（见“{sample}”），未生成PDF。</translation>
    </message>
    <message>
      <source>“{month}” is not a month: write it as YYYY-MM, e.g. 2026-11.</source>
      <translation>“{month}”不是月份：请写成 YYYY-MM，例如 2026-11。</translation>
    </message>
    <message>
      <source>“{scope}” is not a village or grid of this register: give a 12-digit village code or a grid code such as 360423100200-01.</source>
      <translation>“{scope}”不是本册中的村（社区）或网格：请填写12位村（社区）代码或网格代码，如 360423100200-01。</translation>
    </message>
    <message>
      <source>No work scope is chosen on this PC: give the village or grid with --scope.</source>
      <translation>本机尚未选择工作范围：请用 --scope 指定村（社区）或网格。</translation>
    </message>
    <message>
      <source>Ledger written: {path} ({pages} pages).</source>
      <translation>台账已生成：{path}（共 {pages} 页）。</translation>
    </message>
    <message>
      <source>The ledger could not be written: {error}</source>
      <translation>台账未能生成：{error}</translation>
    </message>
    <message>
      <source>The month is a date, e.g. 2026-11-01.</source>
      <translation>月份应为日期，如 2026-11-01。</translation>
    </message>
    <message>
      <source>The “{kind}” ledger is not available yet.</source>
      <translation>“{kind}”台账尚未提供。</translation>
    </message>
    <message>
      <source>The feedback sheet is for a period: give --period, e.g. 2026Q3, 2026H1 or 2026.</source>
      <translation>反馈表按期间出具：请用 --period 指定，如 2026Q3、2026H1 或 2026。</translation>
    </message>
    <message>
      <source>Period: {period}</source>
      <translation>统计期：{period}</translation>
    </message>
    <message>
      <source>Monthly work summary</source>
      <translation>月度工作汇总</translation>
    </message>
    <message>
      <source>1. Work by grid (this month's figure | year-to-date figure)</source>
      <translation>一、分网格工作统计（当月数 | 累计数）</translation>
    </message>
    <message>
      <source>Household register: new households, moved in, births, moved out, deaths; petitions: registered, closed, overdue; party members reporting to the community: activities held and their service hours. Year to date: from {start} to {end}.</source>
      <translation>户籍：新立户、迁入、出生、迁出、死亡；诉求信访：登记、办结、超期（件）；党员双报到：活动（次）、服务时长（小时）。累计数：自 {start} 至 {end}。</translation>
    </message>
    <message>
      <source>New households are those registered and those split off (a split counts once, in the grid of the household the members left). Overdue: petitions still open and past their deadline at the end of the month — a state, with no year-to-date figure (—).</source>
      <translation>新立户含立户与分户（分户计一次，计入原户所在网格）。超期：月末仍未办结且已过办理期限的诉求件数，为月末状态，无累计数（—）。</translation>
    </message>
    <message>
      <source>2. This month by grid</source>
      <translation>二、本月分网格图示</translation>
    </message>
    <message>
      <source>This scope has no grids: there is nothing to chart.</source>
      <translation>本范围没有网格，无图示。</translation>
    </message>
    <message>
      <source>This month's figure</source>
      <translation>当月数</translation>
    </message>
    <message>
      <source>Year-to-date figure</source>
      <translation>累计数</translation>
    </message>
    <message>
      <source>No grid</source>
      <translation>未分网格</translation>
    </message>
    <message>
      <source>New households</source>
      <translation>新立户</translation>
    </message>
    <message>
      <source>Moved in</source>
      <translation>迁入</translation>
    </message>
    <message>
      <source>Births</source>
      <translation>出生</translation>
    </message>
    <message>
      <source>Moved out</source>
      <translation>迁出</translation>
    </message>
    <message>
      <source>Deaths</source>
      <translation>死亡</translation>
    </message>
    <message>
      <source>Petitions registered</source>
      <translation>诉求登记</translation>
    </message>
    <message>
      <source>Petitions closed</source>
      <translation>诉求办结</translation>
    </message>
    <message>
      <source>Petitions overdue</source>
      <translation>诉求超期</translation>
    </message>
    <message>
      <source>Party activities (times)</source>
      <translation>党员活动（次）</translation>
    </message>
    <message>
      <source>Service hours (h)</source>
      <translation>服务时长（小时）</translation>
    </message>
    <message>
      <source>Register changes this month, by grid</source>
      <translation>本月户籍变动（分网格）</translation>
    </message>
    <message>
      <source>Petitions this month, by grid</source>
      <translation>本月诉求信访（分网格，件）</translation>
    </message>
    <message>
      <source>Party activities this month, by grid (times)</source>
      <translation>本月党员活动（分网格，次）</translation>
    </message>
    <message>
      <source>Service hours this month, by grid (hours)</source>
      <translation>本月党员服务时长（分网格，小时）</translation>
    </message>
    <message>
      <source>Party members' dual reporting ledger</source>
      <translation>党员双报到台账</translation>
    </message>
    <message>
      <source>1. Roster of reported party members</source>
      <translation>一、报到党员花名册</translation>
    </message>
    <message>
      <source>2. This month's activities</source>
      <translation>二、本月活动</translation>
    </message>
    <message>
      <source>3. Summary of the month</source>
      <translation>三、本月汇总</translation>
    </message>
    <message>
      <source>Village activities without a grid are listed when a member of this grid took part; an activity's people and hours count all its participants.</source>
      <translation>未指定网格的村级活动，本网格党员参加的列入本表；活动的参加人数和服务时长按全部参加党员统计。</translation>
    </message>
    <message>
      <source>No party members in this scope.</source>
      <translation>本范围内没有党员。</translation>
    </message>
    <message>
      <source>No activities this month.</source>
      <translation>本月无活动记录。</translation>
    </message>
    <message>
      <source>Full / probationary</source>
      <translation>党员类别</translation>
    </message>
    <message>
      <source>Work unit</source>
      <translation>工作单位</translation>
    </message>
    <message>
      <source>Party organisation</source>
      <translation>所在党组织</translation>
    </message>
    <message>
      <source>Report date</source>
      <translation>报到日期</translation>
    </message>
    <message>
      <source>Report status</source>
      <translation>报到状态</translation>
    </message>
    <message>
      <source>Posts claimed</source>
      <translation>认领岗位</translation>
    </message>
    <message>
      <source>Activities joined</source>
      <translation>活动次数</translation>
    </message>
    <message>
      <source>Service hours</source>
      <translation>服务时长</translation>
    </message>
    <message>
      <source>Points</source>
      <translation>积分</translation>
    </message>
    <message>
      <source>This month</source>
      <translation>本月</translation>
    </message>
    <message>
      <source>Year to date</source>
      <translation>本年累计</translation>
    </message>
    <message>
      <source>Activity</source>
      <translation>活动主题</translation>
    </message>
    <message>
      <source>Place</source>
      <translation>地点</translation>
    </message>
    <message>
      <source>Organiser</source>
      <translation>组织方</translation>
    </message>
    <message>
      <source>Members taking part (hours)</source>
      <translation>参加党员（服务时长）</translation>
    </message>
    <message>
      <source>Service content</source>
      <translation>服务内容</translation>
    </message>
    <message>
      <source>Residents' evaluation</source>
      <translation>群众评价</translation>
    </message>
    <message>
      <source>People</source>
      <translation>参加人数</translation>
    </message>
    <message>
      <source>Item</source>
      <translation>项目</translation>
    </message>
    <message>
      <source>Not assigned to a grid</source>
      <translation>未编入网格</translation>
    </message>
    <message>
      <source>Village activities (no grid)</source>
      <translation>村级活动（未指定网格）</translation>
    </message>
    <message>
      <source>{count} persons</source>
      <translation>{count}人</translation>
    </message>
    <message>
      <source>{count} reported</source>
      <translation>已报到{count}人</translation>
    </message>
    <message>
      <source>{count} activities</source>
      <translation>{count}次活动</translation>
    </message>
    <message>
      <source>{name} ({hours} h)</source>
      <translation>{name}（{hours}小时）</translation>
    </message>
    <message>
      <source>Reported</source>
      <translation>已报到</translation>
    </message>
    <message>
      <source>Cancelled ({date})</source>
      <translation>已注销（{date}）</translation>
    </message>
    <message>
      <source>Not reported</source>
      <translation>未报到</translation>
    </message>
    <message>
      <source>Party members (persons)</source>
      <translation>在册党员（人）</translation>
    </message>
    <message>
      <source>of whom reported</source>
      <translation>其中：已报到（人）</translation>
    </message>
    <message>
      <source>of whom cancelled</source>
      <translation>其中：已注销（人）</translation>
    </message>
    <message>
      <source>of whom not reported</source>
      <translation>其中：未报到（人）</translation>
    </message>
    <message>
      <source>Activities held (times)</source>
      <translation>开展活动（次）</translation>
    </message>
    <message>
      <source>Participations (person-times)</source>
      <translation>参加活动（人次）</translation>
    </message>
    <message>
      <source>Service hours (hours)</source>
      <translation>服务时长（小时）</translation>
    </message>
    <message>
      <source>Points earned</source>
      <translation>积分（分）</translation>
    </message>
    <message>
      <source>Feedback on dual-reporting party members</source>
      <translation>双报到党员表现反馈表</translation>
    </message>
    <message>
      <source>{year}, first quarter</source>
      <translation>{year}年第一季度</translation>
    </message>
    <message>
      <source>{year}, second quarter</source>
      <translation>{year}年第二季度</translation>
    </message>
    <message>
      <source>{year}, third quarter</source>
      <translation>{year}年第三季度</translation>
    </message>
    <message>
      <source>{year}, fourth quarter</source>
      <translation>{year}年第四季度</translation>
    </message>
    <message>
      <source>{year}, first half</source>
      <translation>{year}年上半年</translation>
    </message>
    <message>
      <source>{year}, second half</source>
      <translation>{year}年下半年</translation>
    </message>
    <message>
      <source>Year {year}</source>
      <translation>{year}年度</translation>
    </message>
    <message>
      <source>Feedback period {start} to {end}: members reported by its end and not cancelled before its start. Rating and opinion are given by the community party organisation; where none is recorded they are filled in by hand.</source>
      <translation>反馈期：{start}至{end}；列入期末前已报到、且未在期初前注销的党员。评价等次和意见由社区党组织评定，未录入的手工填写。</translation>
    </message>
    <message>
      <source>Received by the work unit's party organisation: ______________   Date: ______ (year) ____ (month) ____ (day)</source>
      <translation>单位党组织签收人：______________   日期：______年____月____日</translation>
    </message>
    <message>
      <source>No members in service during this period.</source>
      <translation>本期没有在册服务的党员。</translation>
    </message>
    <message>
      <source>Work unit (party organisation)</source>
      <translation>工作单位（党组织）</translation>
    </message>
    <message>
      <source>Rating</source>
      <translation>评价等次</translation>
    </message>
    <message>
      <source>Opinion of the community party organisation</source>
      <translation>社区党组织意见</translation>
    </message>
    <message>
      <source>In the period</source>
      <translation>本期</translation>
    </message>
    <message>
      <source>{unit} ({org})</source>
      <translation>{unit}（{org}）</translation>
    </message>
    <message>
      <source>Petition ledger</source>
      <translation>诉求信访台账</translation>
    </message>
    <message>
      <source>1. Petitions by grid</source>
      <translation>一、分网格信访事项</translation>
    </message>
    <message>
      <source>2. This month's petition figures</source>
      <translation>二、本月信访工作指标</translation>
    </message>
    <message>
      <source>Petitions registered this month, and those registered earlier and not finished at its start. Status as of printing; overdue: open and past its deadline at the month's end. ID and phone numbers are not printed; the petitioner of an accusation is kept confidential.</source>
      <translation>本月登记的信访事项，以及此前登记、月初尚未办结的事项（上月结转）。状态为打印时的状态；超期：月末（本月未结束时为今日）仍未办结且已过期限。不打印证件号码和联系电话；检举控告类事项的信访人保密。</translation>
    </message>
    <message>
      <source>Petitions registered this month, and those registered earlier and not finished at its start. Status as of printing; overdue: open and past its deadline at the month's end. ID and phone numbers are not printed; petitioners of accusations are named.</source>
      <translation>本月登记的信访事项，以及此前登记、月初尚未办结的事项（上月结转）。状态为打印时的状态；超期：月末（本月未结束时为今日）仍未办结且已过期限。不打印证件号码和联系电话；检举控告类事项的信访人具名打印。</translation>
    </message>
    <message>
      <source>Counted as in the petition page's monthly figures; “—”: nothing to count this month. Composite = {response} × response rate + {resolution} × resolution rate + {satisfaction} × satisfaction rate (the county's weights).</source>
      <translation>算法与诉求信访页“月度统计”相同；“—”表示本月没有可统计的件。综合 = {response} × 响应率 + {resolution} × 解决率 + {satisfaction} × 满意率（权重由县里设定）。</translation>
    </message>
    <message>
      <source>No petitions this month.</source>
      <translation>本月无信访事项。</translation>
    </message>
    <message>
      <source>Petition no.</source>
      <translation>编号</translation>
    </message>
    <message>
      <source>Registered on</source>
      <translation>登记日期</translation>
    </message>
    <message>
      <source>Form</source>
      <translation>形式</translation>
    </message>
    <message>
      <source>Petitioner</source>
      <translation>信访人</translation>
    </message>
    <message>
      <source>Place of the problem</source>
      <translation>属地</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>Summary</source>
      <translation>概况</translation>
    </message>
    <message>
      <source>Handled by</source>
      <translation>承办</translation>
    </message>
    <message>
      <source>Acceptance notice</source>
      <translation>受理告知日</translation>
    </message>
    <message>
      <source>Handle by</source>
      <translation>限办日期</translation>
    </message>
    <message>
      <source>Outcome</source>
      <translation>结果</translation>
    </message>
    <message>
      <source>Replied on</source>
      <translation>答复日</translation>
    </message>
    <message>
      <source>Satisfaction</source>
      <translation>满意度</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Registered (count)</source>
      <translation>登记件数</translation>
    </message>
    <message>
      <source>Repeat petitions</source>
      <translation>重复信访</translation>
    </message>
    <message>
      <source>Response rate</source>
      <translation>响应率</translation>
    </message>
    <message>
      <source>Accepted-in-time rate</source>
      <translation>按期受理率</translation>
    </message>
    <message>
      <source>Completed-in-time rate</source>
      <translation>按期办结率</translation>
    </message>
    <message>
      <source>Resolution rate</source>
      <translation>解决率</translation>
    </message>
    <message>
      <source>Satisfaction rate</source>
      <translation>满意率</translation>
    </message>
    <message>
      <source>Overdue petitions</source>
      <translation>超期数</translation>
    </message>
    <message>
      <source>Composite</source>
      <translation>综合</translation>
    </message>
    <message>
      <source>(no grid)</source>
      <translation>（未指定网格）</translation>
    </message>
    <message>
      <source>{status} (overdue)</source>
      <translation>{status}（超期）</translation>
    </message>
    <message>
      <source>repeat</source>
      <translation>重复</translation>
    </message>
    <message>
      <source>(confidential)</source>
      <translation>（保密）</translation>
    </message>
    <message>
      <source>cont.</source>
      <translation>续</translation>
    </message>
    <message>
      <source>{count} petitions (this month {registered}, carried over {carried}); finished {finished}, overdue {overdue}</source>
      <translation>共 {count} 件（本月登记 {registered}，上月结转 {carried}）；已办结 {finished}，超期 {overdue}</translation>
    </message>
    <message>
      <source>As at {end}: {members} party members ({full} full, {probationary} probationary); {reported} reported, {cancelled} cancelled, {not_reported} not reported. Year to date: from 1 January to the end of the month; service time in hours. Phone numbers are masked.</source>
      <translation>截至{end}：在册党员{members}人（正式党员{full}人，预备党员{probationary}人），已报到{reported}人，已注销{cancelled}人，未报到{not_reported}人。本年累计：1月1日至本月末；服务时长以小时计。联系电话已隐去部分号码。</translation>
    </message>
    <message>
      <source>As at {end}: {members} party members ({full} full, {probationary} probationary); {reported} reported, {cancelled} cancelled, {not_reported} not reported. Year to date: from 1 January to the end of the month; service time in hours. Phone numbers in full.</source>
      <translation>截至{end}：在册党员{members}人（正式党员{full}人，预备党员{probationary}人），已报到{reported}人，已注销{cancelled}人，未报到{not_reported}人。本年累计：1月1日至本月末；服务时长以小时计。联系电话完整显示。</translation>
    </message>
    <message>
      <source>Added</source>
      <translation>新增</translation>
    </message>
    <message>
      <source>Removed</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>Changed</source>
      <translation>更正</translation>
    </message>
    <message>
      <source>Member</source>
      <translation>成员</translation>
    </message>
    <message>
      <source>Register change</source>
      <translation>户籍变动</translation>
    </message>
    <message>
      <source>Petition</source>
      <translation>诉求</translation>
    </message>
    <message>
      <source>Party member</source>
      <translation>党员</translation>
    </message>
    <message>
      <source>Party activity</source>
      <translation>党员活动</translation>
    </message>
    <message>
      <source>Grid figures</source>
      <translation>网格数据</translation>
    </message>
    <message>
      <source>Registered</source>
      <translation>登记日期</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>形式</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>诉求性质</translation>
    </message>
    <message>
      <source>Result</source>
      <translation>结果</translation>
    </message>
    <message>
      <source>Replied</source>
      <translation>答复日</translation>
    </message>
    <message>
      <source>Closed</source>
      <translation>办结日期</translation>
    </message>
    <message>
      <source>Cancelled</source>
      <translation>已注销</translation>
    </message>
    <message>
      <source>Activities this month</source>
      <translation>本月参加活动次数</translation>
    </message>
    <message>
      <source>Hours this month</source>
      <translation>本月服务时长</translation>
    </message>
    <message>
      <source>Points this month</source>
      <translation>本月积分</translation>
    </message>
    <message>
      <source>Theme</source>
      <translation>活动主题</translation>
    </message>
    <message>
      <source>Participants</source>
      <translation>参加人数</translation>
    </message>
    <message>
      <source>Who took part</source>
      <translation>参加人员</translation>
    </message>
    <message>
      <source>Party activities</source>
      <translation>党员活动</translation>
    </message>
    <message>
      <source>{field} (year to date)</source>
      <translation>{field}（累计数）</translation>
    </message>
    <message>
      <source>Only the community secretary (or the township or county) may close or reopen a month; this PC works as: {role}.</source>
      <translation>只有社区书记（或乡镇、县级）可以结账或反结账；本机当前角色：{role}。</translation>
    </message>
    <message>
      <source>{year}-{month:02d} is not over yet: a month can be closed after its last day.</source>
      <translation>{year}年{month:02d}月尚未结束：月末之后才能结账。</translation>
    </message>
    <message>
      <source>{year}-{month:02d} of {village} was already closed on {when} by {user}.</source>
      <translation>{village}{year}年{month:02d}月已于 {when} 由 {user} 结账，不能重复结账。</translation>
    </message>
    <message>
      <source>{year}-{month:02d} of {village} is not closed: there is nothing to reopen.</source>
      <translation>{village}{year}年{month:02d}月未结账，无需反结账。</translation>
    </message>
    <message>
      <source>Say why the month is reopened (a reason).</source>
      <translation>请填写反结账原因。</translation>
    </message>
    <message>
      <source>The reason is too long (at most 200 characters).</source>
      <translation>原因过长（最多 200 字）。</translation>
    </message>
    <message>
      <source>A month is closed for a whole village (the unit that signs): give the village code, not the grid {scope}.</source>
      <translation>结账以整个村（社区，即签章单位）为单位：请给出村代码，而不是网格 {scope}。</translation>
    </message>
    <message>
      <source>Corrections of last month ({year}-{month:02d}, closed)</source>
      <translation>上月更正（{year}年{month:02d}月已结账）</translation>
    </message>
    <message>
      <source>{year}-{month:02d} was closed on {date}. Listed: what its ledger shows differently now — rows added or removed since, and changed fields (before → after), whether edited on this PC or received by sync.</source>
      <translation>{year}年{month:02d}月已于 {date} 结账。下列为结账后该月台账的变化：新增或删除的记录，以及更正的字段（原 → 现），包括本机修改和同步收到的修改。</translation>
    </message>
    <message>
      <source>{year}-{month:02d} was closed; nothing in its ledger has changed since.</source>
      <translation>{year}年{month:02d}月已结账，结账后台账无变化。</translation>
    </message>
    <message>
      <source>This month was closed on {date}; corrections made after closing are listed in the next month's ledger.</source>
      <translation>本月已结账（{date}）；结账后的更正列于下月台账。</translation>
    </message>
    <message>
      <source>Correction</source>
      <translation>更正类型</translation>
    </message>
    <message>
      <source>Record</source>
      <translation>记录</translation>
    </message>
    <message>
      <source>What changed (before → after)</source>
      <translation>更正内容（原 → 现）</translation>
    </message>
    <message>
      <source>(empty)</source>
      <translation>（空）</translation>
    </message>
    <message>
      <source>{count} corrections</source>
      <translation>共 {count} 条</translation>
    </message>
    <message>
      <source>No work scope is chosen on this PC: give the village with --scope.</source>
      <translation>本机尚未选择工作范围：请用 --scope 给出村代码。</translation>
    </message>
    <message>
      <source>No month of {village} has been closed.</source>
      <translation>{village}尚无已结账的月份。</translation>
    </message>
    <message>
      <source>{month}  {village}: open (not closed).</source>
      <translation>{month}  {village}：未结账。</translation>
    </message>
    <message>
      <source>{month}  closed {when} by {user} ({role})</source>
      <translation>{month}  {when} 由 {user}（{role}）结账</translation>
    </message>
    <message>
      <source>         reopened {when} by {user}: {reason}</source>
      <translation>         {when} 由 {user} 反结账，原因：{reason}</translation>
    </message>
    <message>
      <source>{month}  {village}: closed since {when}; corrections since: {count}.</source>
      <translation>{month}  {village}：已于 {when} 结账；结账后更正 {count} 条。</translation>
    </message>
    <message>
      <source>Closed: {village} {month}. Ledger copies kept: {copies}.</source>
      <translation>已结账：{village} {month}。存档台账：{copies}。</translation>
    </message>
    <message>
      <source>Reopened: {village} {month} (the close stays in the history).</source>
      <translation>已反结账：{village} {month}（原结账记录保留）。</translation>
    </message>
    <message>
      <source>No copy of the {kind} ledger of {month} is kept (the month is not closed, or that ledger could not be drawn when it was closed).</source>
      <translation>没有 {month} 的{kind}存档（该月未结账，或结账时该台账无法生成）。</translation>
    </message>
    <message>
      <source>Ledger copy written: {path}.</source>
      <translation>台账存档已写出：{path}。</translation>
    </message>
    <message>
      <source>Signed by</source>
      <translation>签字人</translation>
    </message>
    <message>
      <source>Feedback date</source>
      <translation>反馈日期</translation>
    </message>
    <message>
      <source>The {kind} cannot be drawn, so it cannot have been signed; the month was not closed: {error}</source>
      <translation>{kind}无法生成，不可能已签字，因此未结账：{error}</translation>
    </message>
    <message>
      <source>Your role may not {what}.</source>
      <translation>您的角色无权{what}。</translation>
    </message>
    <message>
      <source>Log in first: this register has accounts.</source>
      <translation>请先登录：本机已设置账户。</translation>
    </message>
    <message>
      <source>A user name has {low} to {high} characters (letters, digits, _ . -).</source>
      <translation>用户名为 {low} 至 {high} 个字符（字母、数字、_ . -）。</translation>
    </message>
    <message>
      <source>A user name may hold only letters, digits and _ . - (no spaces).</source>
      <translation>用户名只能包含字母、数字和 _ . -（不能有空格）。</translation>
    </message>
    <message>
      <source>The name shown is too long (at most {high} characters).</source>
      <translation>显示名称过长（最多 {high} 个字符）。</translation>
    </message>
    <message>
      <source>A password has at least {low} characters.</source>
      <translation>密码至少 {low} 个字符。</translation>
    </message>
    <message>
      <source>A password has at most {high} characters.</source>
      <translation>密码最多 {high} 个字符。</translation>
    </message>
    <message>
      <source>The password may not be the user name.</source>
      <translation>密码不能与用户名相同。</translation>
    </message>
    <message>
      <source>{name} must be a whole number from {low} to {high}.</source>
      <translation>{name} 须为 {low} 至 {high} 之间的整数。</translation>
    </message>
    <message>
      <source>Wrong user name or password.</source>
      <translation>用户名或密码错误。</translation>
    </message>
    <message>
      <source>Wrong user name or password. After {left} more wrong attempts the account is locked for {minutes} minutes.</source>
      <translation>用户名或密码错误。再错 {left} 次，账号将被锁定 {minutes} 分钟。</translation>
    </message>
    <message>
      <source>The account {username} is locked after too many wrong passwords, until {until}. Try again then, or ask the administrator to reset the password.</source>
      <translation>账号 {username} 因密码错误次数过多已锁定，至 {until} 解锁。请届时再试，或请管理员重置密码。</translation>
    </message>
    <message>
      <source>The account {username} is disabled: ask the administrator.</source>
      <translation>账号 {username} 已停用，请联系管理员。</translation>
    </message>
    <message>
      <source>The first account of this PC must be an administrator (管理员).</source>
      <translation>本机的第一个账号必须是管理员。</translation>
    </message>
    <message>
      <source>Unknown role “{role}”.</source>
      <translation>未知角色“{role}”。</translation>
    </message>
    <message>
      <source>The user name {username} is taken.</source>
      <translation>用户名 {username} 已被占用。</translation>
    </message>
    <message>
      <source>There is no account {username}.</source>
      <translation>没有账号 {username}。</translation>
    </message>
    <message>
      <source>{username} is the last active administrator of this PC: make another administrator first.</source>
      <translation>{username} 是本机最后一个有效的管理员，请先设立另一个管理员。</translation>
    </message>
    <message>
      <source>You cannot disable your own account.</source>
      <translation>不能停用自己的账号。</translation>
    </message>
    <message>
      <source>Nobody is logged in.</source>
      <translation>当前没有登录的账号。</translation>
    </message>
    <message>
      <source>The current password is wrong.</source>
      <translation>当前密码错误。</translation>
    </message>
    <message>
      <source>Entry {seq} was changed: its content no longer matches its fingerprint.</source>
      <translation>第 {seq} 条被改动：内容与其指纹（哈希值）不符。</translation>
    </message>
    <message>
      <source>Entry {seq} is missing: it was removed.</source>
      <translation>第 {seq} 条缺失：已被删除。</translation>
    </message>
    <message>
      <source>Entries {first}–{last} are missing: they were removed.</source>
      <translation>第 {first}–{last} 条缺失：已被删除。</translation>
    </message>
    <message>
      <source>Entry {seq} does not follow the entry before it: an entry was replaced, inserted or moved there.</source>
      <translation>第 {seq} 条与前一条衔接不上：此处有条目被替换、插入或调换了顺序。</translation>
    </message>
    <message>
      <source>Entries {first}–{last} at the end are missing: this PC wrote up to entry {last}.</source>
      <translation>末尾第 {first}–{last} 条缺失：本机曾记录到第 {last} 条。</translation>
    </message>
    <message>
      <source>Entries {first}–{last} at the end are missing: the county server has stored up to entry {last}.</source>
      <translation>末尾第 {first}–{last} 条缺失：县级服务器已收存到第 {last} 条。</translation>
    </message>
    <message>
      <source>The audit log is intact: {count} entries checked, the last is entry {last}.</source>
      <translation>审计日志完整：共校验 {count} 条，最后一条为第 {last} 条。</translation>
    </message>
    <message>
      <source>The audit log has been tampered with: {problems} problems in {count} entries.</source>
      <translation>审计日志已被篡改：{count} 条中发现 {problems} 处问题。</translation>
    </message>
    <message>
      <source>“{date}” is not a date: write it as YYYY-MM-DD, e.g. 2026-11-30.</source>
      <translation>“{date}”不是日期：请写成 YYYY-MM-DD，例如 2026-11-30。</translation>
    </message>
    <message>
      <source>No audit entry matches.</source>
      <translation>没有符合条件的审计记录。</translation>
    </message>
    <message>
      <source>… only the newest {limit} are shown; --limit N shows more, --limit 0 all.</source>
      <translation>……只显示最新的 {limit} 条；用 --limit N 显示更多，--limit 0 显示全部。</translation>
    </message>
    <message>
      <source>The recovery code holds characters it never contains: {chars}. It uses the digits 2–9 and the capital letters other than I, L and O. Nothing was changed.</source>
      <translation>恢复码中有它不会包含的字符：{chars}。恢复码只用数字 2–9 和除 I、L、O 以外的大写字母。未做任何更改。</translation>
    </message>
    <message>
      <source>The recovery code has {count} characters; it has {expected} (7 groups of 4). Nothing was changed.</source>
      <translation>输入的恢复码有 {count} 个字符，应为 {expected} 个（7 组，每组 4 个）。未做任何更改。</translation>
    </message>
    <message>
      <source>The recovery code has a typing error (its check character does not match): compare it with the sheet group by group. Nothing was changed.</source>
      <translation>恢复码有输入错误（校验位不符）：请对照恢复码单逐组核对。未做任何更改。</translation>
    </message>
    <message>
      <source>This recovery code does not open this database: it is not the code of the newest recovery sheet of this data folder (a newer sheet makes older ones invalid). Nothing was changed.</source>
      <translation>这个恢复码打不开本数据库：它不是本数据文件夹最新一张恢复码单上的码（打印新单后，旧单作废）。未做任何更改。</translation>
    </message>
    <message>
      <source>The data folder {path} has no recovery code ({file} is missing): the key cannot be recovered with a code. Copy {file} from the old data folder, or restore the key.</source>
      <translation>数据文件夹 {path} 没有恢复码（缺少 {file}），无法用恢复码找回密钥。请从原来的数据文件夹复制 {file}，或恢复密钥。</translation>
    </message>
    <message>
      <source>The recovery code unwrapped a key, but it does not open the database in {path}: {file} belongs to another database. Nothing was changed.</source>
      <translation>恢复码解出了一个密钥，但它打不开 {path} 中的数据库：{file} 属于另一个数据库。未做任何更改。</translation>
    </message>
    <message>
      <source>The recovery code made with this database is no longer in memory: print a new recovery sheet (it makes a new code).</source>
      <translation>建库时生成的恢复码已不在内存中：请打印一张新的恢复码单（会生成新的恢复码）。</translation>
    </message>
    <message>
      <source>GridApp data recovery code</source>
      <translation>网格通 数据恢复码</translation>
    </message>
    <message>
      <source>Confidential: keep sealed</source>
      <translation>机密 · 请密封保管</translation>
    </message>
    <message>
      <source>This code unlocks the key of the encrypted database of the PC named below. Whoever holds it can read all the register's data: keep it like the office seal.</source>
      <translation>此码可以解开下列电脑上加密数据库的密钥。持有它的人能读取全部登记数据，请像保管公章一样保管。</translation>
    </message>
    <message>
      <source>Village (community)</source>
      <translation>村（社区）</translation>
    </message>
    <message>
      <source>(no work scope chosen yet)</source>
      <translation>（尚未选择工作范围）</translation>
    </message>
    <message>
      <source>Computer</source>
      <translation>电脑</translation>
    </message>
    <message>
      <source>Data folder</source>
      <translation>数据文件夹</translation>
    </message>
    <message>
      <source>Made on</source>
      <translation>生成时间</translation>
    </message>
    <message>
      <source>Sheet number</source>
      <translation>凭证编号</translation>
    </message>
    <message>
      <source>Made by</source>
      <translation>生成人</translation>
    </message>
    <message>
      <source>28 characters in 7 groups; capital and small letters count the same. It holds no digit 0 or 1 and no letter I, L or O. Only the newest sheet is valid.</source>
      <translation>共 28 个字符，分 7 组；不区分大小写；不含数字 0、1 和字母 I、L、O。只有最新打印的一张有效。</translation>
    </message>
    <message>
      <source>1. When to use it</source>
      <translation>一、什么时候用</translation>
    </message>
    <message>
      <source>When GridApp cannot open its database because the key is lost: the system keyring (Windows Credential Manager) was cleared or damaged, the passphrase of the database is forgotten, Windows was reinstalled, or the PC was replaced. Without this code or the key, the local data cannot be decrypted by anyone — not the county, not the vendor.</source>
      <translation>网格通因为密钥丢失而打不开数据库时：系统密钥库（Windows 凭据管理器）被清除或损坏、忘记了数据库口令、重装了 Windows，或者换了新电脑。没有这个恢复码也没有密钥，本机数据谁都解不开——县里和软件厂家也不行。</translation>
    </message>
    <message>
      <source>2. How to use it</source>
      <translation>二、怎么用</translation>
    </message>
    <message>
      <source>On a new PC, first copy the whole data folder of the old one (with gridapp.db and key-recovery.json) to the new PC's data folder.</source>
      <translation>如果换了新电脑，先把旧电脑的整个数据文件夹（含 gridapp.db 和 key-recovery.json）复制到新电脑的数据文件夹。</translation>
    </message>
    <message>
      <source>In the window, choose “Recover with the recovery code” when the database cannot be opened; or run in a terminal: gridapp recover --code followed by the code above.</source>
      <translation>数据库打不开时，在窗口中选择“用恢复码恢复”；或在命令行运行：gridapp recover --code 后面跟上面的恢复码。</translation>
    </message>
    <message>
      <source>Type the code group by group; a typing error is caught at once. Where the PC has no system keyring, choose a new passphrase (asked twice). The database then opens as before, and the recovery is recorded in the audit log.</source>
      <translation>逐组输入恢复码，输错会立即提示。电脑没有系统密钥库时，要设一个新口令（输入两遍）。之后数据库照常打开，这次恢复会记入审计日志。</translation>
    </message>
    <message>
      <source>3. How to keep it</source>
      <translation>三、怎么保管</translation>
    </message>
    <message>
      <source>Fold the sheet, seal it in an envelope, sign across the seal and keep it in the office safe. Never photograph, scan or copy it, never type it into a chat, e-mail or document, and keep it apart from the PC. When a new sheet is printed this one stops working: shred it.</source>
      <translation>把这张纸折好装进信封密封，在封口处骑缝签字，放进办公室保险柜。不要拍照、扫描或复印，不要输入到微信、邮件或文档里，不要和电脑放在一起。打印新的恢复码单后，这一张即作废，请用碎纸机销毁。</translation>
    </message>
    <message>
      <source>Keeper (signature): ________________   Date: ______ (year) ____ (month) ____ (day)</source>
      <translation>保管人（签字）：________________　　日期：______年____月____日</translation>
    </message>
    <message>
      <source>Witness (signature): ________________   Date: ______ (year) ____ (month) ____ (day)</source>
      <translation>见证人（签字）：________________　　日期：______年____月____日</translation>
    </message>
    <message>
      <source>GridApp · sheet {sheet} · page 1 of 1</source>
      <translation>网格通 · 凭证编号 {sheet} · 第 1 页 共 1 页</translation>
    </message>
    <message>
      <source>The backup {name} cannot be decrypted with this computer's database key (made on another computer or with another key, or not a GridApp backup).</source>
      <translation>备份 {name} 无法用本机的数据库密钥解密（可能是在别的电脑上、用别的密钥做的，或者不是网格通的备份）。</translation>
    </message>
    <message>
      <source>The backup {name} is damaged: {detail}</source>
      <translation>备份 {name} 已损坏：{detail}</translation>
    </message>
    <message>
      <source>The backup {name} was made by a newer version of GridApp (schema {found}, this program knows up to {known}). Update the program first; nothing was changed.</source>
      <translation>备份 {name} 是由更新的版本的网格通做的（数据结构版本 {found}，本程序最高认识 {known}）。请先更新程序；没有做任何改动。</translation>
    </message>
    <message>
      <source>There is no file {name}.</source>
      <translation>没有文件 {name}。</translation>
    </message>
    <message>
      <source>No backup that passes its checks was found in {folders}.</source>
      <translation>在 {folders} 中没有找到能通过检查的备份。</translation>
    </message>
    <message>
      <source>Backup written: {path} ({size}, encrypted).</source>
      <translation>备份已写入：{path}（{size}，已加密）。</translation>
    </message>
    <message>
      <source>Copy in the backup folder: {path}.</source>
      <translation>备份文件夹中的副本：{path}。</translation>
    </message>
    <message>
      <source>The backup folder {folder} is not there (is the USB drive plugged in?). The backup is kept on this computer.</source>
      <translation>备份文件夹 {folder} 找不到（U盘插上了吗？）。这次的备份保存在本机。</translation>
    </message>
    <message>
      <source>Daily backups are kept in {local} and copied to {folder}.</source>
      <translation>每天的备份保存在 {local}，并复制一份到 {folder}。</translation>
    </message>
    <message>
      <source>Daily backups are kept in {local} only.</source>
      <translation>每天的备份只保存在 {local}。</translation>
    </message>
    <message>
      <source>{folder} is not a folder that exists: plug in the drive or make the folder.</source>
      <translation>文件夹 {folder} 不存在：请插上U盘或先建好这个文件夹。</translation>
    </message>
    <message>
      <source>No backups yet in {folders}.</source>
      <translation>{folders} 中还没有备份。</translation>
    </message>
    <message>
      <source>Restored from {name} (made {made}).</source>
      <translation>已从备份 {name}（{made} 做的）恢复。</translation>
    </message>
    <message>
      <source>The database as it was before the restore is kept in {path}.</source>
      <translation>恢复前的数据库另存在 {path}。</translation>
    </message>
    <message>
      <source>Not in the restored data: {later} changes made after this backup; {unsent} changes had not been sent to the county yet. They are only in the set-aside copy: do not delete it, call the county's IT staff.</source>
      <translation>恢复后的数据中没有：这份备份之后做的 {later} 处修改；另有 {unsent} 处修改尚未上报县里。它们只在另存的那份数据库里：请不要删除它，联系县里的信息化人员。</translation>
    </message>
    <message>
      <source>The damaged database could not tell which changes are missing from the backup: it is kept in the set-aside copy; do not delete it, call the county's IT staff.</source>
      <translation>已损坏的数据库无法查明哪些修改不在备份里：它已另存一份；请不要删除它，联系县里的信息化人员。</translation>
    </message>
    <message>
      <source>Skipped: {problem}</source>
      <translation>已跳过：{problem}</translation>
    </message>
    <message>
      <source>Name the backup file to restore, or use --newest.</source>
      <translation>请写出要恢复的备份文件，或者用 --newest（最近的完好备份）。</translation>
    </message>
    <message>
      <source>Recovery sheet written: {path} (sheet {sheet}). The code of every earlier sheet no longer works. Print it, seal it in an envelope, then delete the file: it holds the code.</source>
      <translation>恢复码单已写入：{path}（凭证编号 {sheet}）。此前所有恢复码单上的码都已作废。请打印出来装进信封密封，然后删除这个文件：文件里有恢复码。</translation>
    </message>
    <message>
      <source>The database key was recovered and is kept in the system keyring ({backend}) again. The database opens as before.</source>
      <translation>数据库密钥已找回，重新存入系统密钥库（{backend}）。数据库可以照常打开。</translation>
    </message>
    <message>
      <source>The database key was recovered and is now protected by the new passphrase. The database opens as before.</source>
      <translation>数据库密钥已找回，现在由新口令保护。数据库可以照常打开。</translation>
    </message>
    <message>
      <source>This PC works with accounts: log in with gridapp --account NAME … (or set GRIDAPP_ACCOUNT).</source>
      <translation>本机已启用账号：请用 gridapp --account 用户名 … 登录（或设置环境变量 GRIDAPP_ACCOUNT）。</translation>
    </message>
    <message>
      <source>No password for {username}: set GRIDAPP_PASSWORD or run in a terminal.</source>
      <translation>未提供 {username} 的密码：请设置环境变量 GRIDAPP_PASSWORD，或在终端中运行以输入密码。</translation>
    </message>
    <message>
      <source>Password of {username}: </source>
      <translation>{username} 的密码：</translation>
    </message>
    <message>
      <source>New password for {username} (at least 8 characters): </source>
      <translation>{username} 的新密码（至少 8 个字符）：</translation>
    </message>
    <message>
      <source>Repeat the new password: </source>
      <translation>再次输入新密码：</translation>
    </message>
    <message>
      <source>The two passwords differ.</source>
      <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
      <source>No new password: set GRIDAPP_NEW_PASSWORD or run in a terminal to be asked.</source>
      <translation>未提供新密码：请设置环境变量 GRIDAPP_NEW_PASSWORD，或在终端中运行以输入密码。</translation>
    </message>
    <message>
      <source>Current password of {username}: </source>
      <translation>{username} 的当前密码：</translation>
    </message>
    <message>
      <source>No current password: set GRIDAPP_PASSWORD or run in a terminal to be asked.</source>
      <translation>未提供当前密码：请设置环境变量 GRIDAPP_PASSWORD，或在终端中运行以输入密码。</translation>
    </message>
    <message>
      <source>Account added: {username} ({role}).</source>
      <translation>已添加账号：{username}（{role}）。</translation>
    </message>
    <message>
      <source>This PC now works with accounts: every command logs in first, e.g. gridapp --account {username} user list.</source>
      <translation>本机已启用账号：每条命令都须先登录，例如 gridapp --account {username} user list。</translation>
    </message>
    <message>
      <source>Account disabled: {username}.</source>
      <translation>已停用账号：{username}。</translation>
    </message>
    <message>
      <source>Account enabled: {username}.</source>
      <translation>已启用账号：{username}。</translation>
    </message>
    <message>
      <source>Role of {username}: {role}.</source>
      <translation>{username} 的角色：{role}。</translation>
    </message>
    <message>
      <source>New password set for {username}.</source>
      <translation>已为 {username} 设置新密码。</translation>
    </message>
    <message>
      <source>Your password is changed.</source>
      <translation>您的密码已修改。</translation>
    </message>
    <message>
      <source>No account on this PC yet (set-up mode). The first one is an administrator: gridapp user add NAME --role admin</source>
      <translation>本机尚无账号（初始设置模式）。第一个账号须为管理员：gridapp user add 用户名 --role 管理员</translation>
    </message>
    <message>
      <source>User name</source>
      <translation>用户名</translation>
    </message>
    <message>
      <source>Role</source>
      <translation>角色</translation>
    </message>
    <message>
      <source>State</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Created</source>
      <translation>创建时间</translation>
    </message>
    <message>
      <source>disabled</source>
      <translation>已停用</translation>
    </message>
    <message>
      <source>locked until {until}</source>
      <translation>锁定至 {until}</translation>
    </message>
    <message>
      <source>{failures} wrong passwords in a row lock an account for {lock} minutes; the window locks after {idle} minutes without use.</source>
      <translation>连续 {failures} 次密码错误将锁定账号 {lock} 分钟；窗口闲置 {idle} 分钟后自动锁定。</translation>
    </message>
    <message>
      <source>Audit entries are kept at least six months: the earliest day to purge before is {earliest}, not {before}.</source>
      <translation>审计记录至少保存六个月：清除只能针对 {earliest} 及更早之前收到的记录，不能是 {before}。</translation>
    </message>
    <message>
      <source>Removed {count} audit entries received before {before}; each device's last entry is kept.</source>
      <translation>已删除 {count} 条 {before} 之前收到的审计记录；每台设备的最后一条予以保留。</translation>
    </message>
    <message>
      <source>“{day}” is not a date: write it as YYYY-MM-DD.</source>
      <translation>“{day}”不是日期：请写成 YYYY-MM-DD。</translation>
    </message>
    <message>
      <source>Name the device with --device DEVICE_ID.</source>
      <translation>请用 --device DEVICE_ID 指明设备。</translation>
    </message>
    <message>
      <source>changed: {tables}</source>
      <translation>改动：{tables}</translation>
    </message>
    <message>
      <source>Print the recovery sheet now and keep it sealed in the office safe: gridapp recovery-sheet -o recovery-code.pdf (docs/key-recovery.md).</source>
      <translation>请现在打印数据恢复码单，密封后放进办公室保险柜：gridapp recovery-sheet -o 恢复码.pdf（见用户手册“恢复码”一节）。</translation>
    </message>
    <message>
      <source>The database is open in another GridApp (a window or a command). Close it first; nothing was changed.</source>
      <translation>数据库正被另一个网格通（窗口或命令）打开着。请先关闭它；没有做任何改动。</translation>
    </message>
    <message>
      <source>Not in the restored data: {later} changes made after this backup, {unsent} of them not yet sent to the county. Those are only in the set-aside copy: do not delete it, call the county's IT staff.</source>
      <translation>恢复后的数据中没有：这份备份之后做的 {later} 处修改，其中 {unsent} 处尚未上报县里。这些修改只在另存的那份数据库里：请不要删除它，联系县里的信息化人员。</translation>
    </message>
    <message>
      <source>Every change of the database before the restore is in this backup.</source>
      <translation>恢复前数据库里的每一处修改，这份备份里都有。</translation>
    </message>
    <message>
      <source>Content confidential</source>
      <translation>内容保密</translation>
    </message>
    <message>
      <source>You are logged in as {role}: a step is taken in the role of one's account.</source>
      <translation>您以{role}身份登录：办理步骤只能以本账户的身份进行。</translation>
    </message>
  </context>
  <context>
    <name>MonthClosing</name>
    <message>
      <source>The feedback sheet is for a period: months are closed with the ledgers.</source>
      <translation>反馈表按期间出具，不单独结账：月份随台账结账。</translation>
    </message>
    <message>
      <source>{village}, {month}: closed on {date}.</source>
      <translation>{village} {month}：已结账（{date}）。</translation>
    </message>
    <message>
      <source>{village}, {month}: the month is not over, it cannot be closed yet.</source>
      <translation>{village} {month}：本月尚未结束，暂不能结账。</translation>
    </message>
    <message>
      <source>{village}, {month}: reopened, not closed.</source>
      <translation>{village} {month}：已反结账，未重新结账。</translation>
    </message>
    <message>
      <source>{village}, {month}: not closed.</source>
      <translation>{village} {month}：未结账。</translation>
    </message>
    <message>
      <source>Only the secretary may close or reopen a month.</source>
      <translation>结账和反结账须由社区书记操作。</translation>
    </message>
    <message>
      <source>{month}/{year}</source>
      <translation>{year}年{month}月</translation>
    </message>
    <message>
      <source>Close {month} for {village}?

The four ledgers are kept as they are now, as signed. Later changes to records of that month are listed as corrections in the next month's ledgers.</source>
      <translation>确定为{village}结账 {month}？

四本台账将按现在的内容保存为签字版本。此后对该月记录的修改，将作为更正列入下月台账。</translation>
    </message>
    <message>
      <source>Close month</source>
      <translation>结账</translation>
    </message>
    <message>
      <source>Why is {month} reopened? The reason goes into the audit log.
Close the month again when the corrections are made.</source>
      <translation>为什么反结账 {month}？原因将记入审计日志。
更正完成后请重新结账。</translation>
    </message>
    <message>
      <source>Reopen month</source>
      <translation>反结账</translation>
    </message>
  </context>
  <context>
    <name>MoveOutDialog</name>
    <message>
      <source>Move out (迁出)</source>
      <translation>迁出登记</translation>
    </message>
    <message>
      <source>Record move-out</source>
      <translation>登记迁出</translation>
    </message>
    <message>
      <source>Moved out on</source>
      <translation>迁出日期</translation>
    </message>
    <message>
      <source>e.g. 南昌市东湖区, or another village</source>
      <translation>如：南昌市东湖区，或本县其他村</translation>
    </message>
    <message>
      <source>Moved to</source>
      <translation>迁往地</translation>
    </message>
    <message>
      <source>where to</source>
      <translation>迁往地</translation>
    </message>
    <message>
      <source>{name} will be recorded as moved out on {date} (to {destination}). {name} stays in the household's records but no longer counts as living here; their open tags end on that date.</source>
      <translation>将登记{name}于{date}迁出（迁往{destination}）。{name}仍保留在本户的记录中，但不再计入在册人口；其未结束的标签同时结束。</translation>
    </message>
    <message>
      <source>Confirm move-out</source>
      <translation>确认迁出</translation>
    </message>
  </context>
  <context>
    <name>PartyDialogs</name>
    <message>
      <source>Name, pinyin initials, ID number or phone of a registered person</source>
      <translation>户籍人口中的姓名、拼音首字母、身份证号或电话</translation>
    </message>
    <message>
      <source>↑↓ choose · Enter link as member · Esc close</source>
      <translation>↑↓ 选择 · Enter 关联为党员 · Esc 关闭</translation>
    </message>
    <message>
      <source>Already registered as a party member: {name}.</source>
      <translation>已登记为党员：{name}。</translation>
    </message>
    <message>
      <source>The household register records this person as deceased.</source>
      <translation>户籍人口中此人已登记为死亡。</translation>
    </message>
    <message>
      <source>Before the member's 18th birthday ({date}): members join from 18.</source>
      <translation>早于年满十八周岁之日（{date}）：年满十八岁方可入党。</translation>
    </message>
    <message>
      <source>Edit party member</source>
      <translation>修改党员信息</translation>
    </message>
    <message>
      <source>New party member</source>
      <translation>新增党员</translation>
    </message>
    <message>
      <source>The ID number identifies the member and cannot be changed.</source>
      <translation>身份证号码用于识别党员，不能修改。</translation>
    </message>
    <message>
      <source>Taken from the household register: correct it there.</source>
      <translation>取自户籍人口，请在户籍人口中更正。</translation>
    </message>
    <message>
      <source>Linked to the household register: name, sex and date of birth are corrected there.</source>
      <translation>已关联户籍人口：姓名、性别、出生日期请在户籍人口中更正。</translation>
    </message>
    <message>
      <source>Find in the household register ({keys}):</source>
      <translation>在户籍人口中查找（{keys}）：</translation>
    </message>
    <message>
      <source>Type in instead</source>
      <translation>改为手工填写</translation>
    </message>
    <message>
      <source>A member who lives here is linked to the register (name, sex and date of birth from there); anyone else is typed in below.</source>
      <translation>住在本地的党员关联户籍人口（姓名、性别、出生日期取自户籍）；其他党员在下面手工填写。</translation>
    </message>
    <message>
      <source>Taken from the household register.</source>
      <translation>取自户籍人口。</translation>
    </message>
    <message>
      <source>Linked to {name} of household {household} in the register: ID number, name, sex and date of birth come from there.</source>
      <translation>已关联户籍人口：户号 {household} 的 {name}，身份证号、姓名、性别、出生日期取自户籍。</translation>
    </message>
    <message>
      <source>Register the member</source>
      <translation>登记党员</translation>
    </message>
    <message>
      <source>Save changes</source>
      <translation>保存修改</translation>
    </message>
    <message>
      <source>Discard the member you typed?</source>
      <translation>放弃已填写的党员信息吗？</translation>
    </message>
    <message>
      <source>Report (报到)</source>
      <translation>报到</translation>
    </message>
    <message>
      <source>The member reports to the community and is assigned to a grid. A member reports once, and not again after 注销.</source>
      <translation>党员到社区报到并编入网格。每名党员只报到一次，注销后不能再报到。</translation>
    </message>
    <message>
      <source>Record the report</source>
      <translation>登记报到</translation>
    </message>
    <message>
      <source>Cancel the report (注销)</source>
      <translation>注销报到</translation>
    </message>
    <message>
      <source>注销 ends the member's report; the history is kept. After 注销 the member cannot report again.</source>
      <translation>注销结束该党员的报到，记录保留。注销后不能再报到。</translation>
    </message>
    <message>
      <source>Cancel the report</source>
      <translation>注销</translation>
    </message>
    <message>
      <source>Unit party organisation reports</source>
      <translation>党组织报到</translation>
    </message>
    <message>
      <source>A unit's party organisation reports to the community once; the community countersigns its receipt (回执) afterwards.</source>
      <translation>单位党组织到社区报到一次，之后由社区签收回执。</translation>
    </message>
    <message>
      <source>Countersign the receipt (回执)</source>
      <translation>签收回执</translation>
    </message>
    <message>
      <source>The receipt is countersigned once, not before the report date.</source>
      <translation>回执只签收一次，签收日期不早于报到日期。</translation>
    </message>
    <message>
      <source>Countersign</source>
      <translation>签收</translation>
    </message>
    <message>
      <source>Cancel the organisation's report (注销)</source>
      <translation>注销党组织报到</translation>
    </message>
    <message>
      <source>After 注销 the organisation cannot report again; its history is kept.</source>
      <translation>注销后该党组织不能再报到，记录保留。</translation>
    </message>
  </context>
  <context>
    <name>PartyPage</name>
    <message>
      <source>{hours} h</source>
      <translation>{hours} 小时</translation>
    </message>
    <message>
      <source>{year} Q{n}</source>
      <translation>{year}年第{n}季度</translation>
    </message>
    <message>
      <source>{year} first half</source>
      <translation>{year}年上半年</translation>
    </message>
    <message>
      <source>{year} second half</source>
      <translation>{year}年下半年</translation>
    </message>
    <message>
      <source>{year}</source>
      <translation>{year}年</translation>
    </message>
    <message>
      <source>Reported</source>
      <translation>已报到</translation>
    </message>
    <message>
      <source>Cancelled (注销)</source>
      <translation>已注销</translation>
    </message>
    <message>
      <source>Not reported</source>
      <translation>未报到</translation>
    </message>
    <message>
      <source>Filter:</source>
      <translation>筛选：</translation>
    </message>
    <message>
      <source>Name, ID number, party organisation or grid</source>
      <translation>姓名、身份证号、单位党组织或网格</translation>
    </message>
    <message>
      <source>New member</source>
      <translation>新增党员</translation>
    </message>
    <message>
      <source>Edit…</source>
      <translation>修改…</translation>
    </message>
    <message>
      <source>Report…</source>
      <translation>报到…</translation>
    </message>
    <message>
      <source>Cancel (注销)…</source>
      <translation>注销…</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Party organisation</source>
      <translation>单位党组织</translation>
    </message>
    <message>
      <source>Full/probationary</source>
      <translation>正式/预备</translation>
    </message>
    <message>
      <source>Report date</source>
      <translation>报到日期</translation>
    </message>
    <message>
      <source>Grid</source>
      <translation>网格</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Hours this year</source>
      <translation>本年服务时长</translation>
    </message>
    <message>
      <source>No party members yet. Press {keys} to register the first one.</source>
      <translation>还没有党员。按 {keys} 登记第一名党员。</translation>
    </message>
    <message>
      <source>Totals per period</source>
      <translation>各期合计</translation>
    </message>
    <message>
      <source>Period</source>
      <translation>期间</translation>
    </message>
    <message>
      <source>Activities</source>
      <translation>活动</translation>
    </message>
    <message>
      <source>Hours</source>
      <translation>时长</translation>
    </message>
    <message>
      <source>Points</source>
      <translation>积分</translation>
    </message>
    <message>
      <source>Reports</source>
      <translation>报到记录</translation>
    </message>
    <message>
      <source>Community</source>
      <translation>村（社区）</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>报到方式</translation>
    </message>
    <message>
      <source>注销</source>
      <translation>注销</translation>
    </message>
    <message>
      <source>Posts claimed</source>
      <translation>认领的岗位项目</translation>
    </message>
    <message>
      <source>Post or project</source>
      <translation>岗位/项目</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>Claimed on</source>
      <translation>认领日期</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Theme</source>
      <translation>主题</translation>
    </message>
    <message>
      <source>Evaluation</source>
      <translation>群众评价</translation>
    </message>
    <message>
      <source>{total} members, {reported} reported; hours of {year}.</source>
      <translation>党员 {total} 名，已报到 {reported} 名；服务时长为 {year} 年。</translation>
    </message>
    <message>
      <source>linked to the household register</source>
      <translation>已关联户籍人口</translation>
    </message>
    <message>
      <source>typed in</source>
      <translation>手工填写</translation>
    </message>
    <message>
      <source>ID number</source>
      <translation>身份证号</translation>
    </message>
    <message>
      <source>Work unit</source>
      <translation>工作单位</translation>
    </message>
    <message>
      <source>Joined</source>
      <translation>入党日期</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>Skills</source>
      <translation>特长</translation>
    </message>
    <message>
      <source>Held</source>
      <translation>在岗</translation>
    </message>
    <message>
      <source>Withdrawn</source>
      <translation>已退出</translation>
    </message>
    <message>
      <source>Organisation reports…</source>
      <translation>党组织报到…</translation>
    </message>
    <message>
      <source>Countersign receipt…</source>
      <translation>签收回执…</translation>
    </message>
    <message>
      <source>Unit party organisation</source>
      <translation>单位党组织</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>Contact</source>
      <translation>联系人</translation>
    </message>
    <message>
      <source>Receipt</source>
      <translation>回执</translation>
    </message>
    <message>
      <source>No unit party organisation has reported yet. Press {keys} to record one.</source>
      <translation>还没有单位党组织报到。按 {keys} 登记。</translation>
    </message>
    <message>
      <source>Not countersigned</source>
      <translation>未签收</translation>
    </message>
    <message>
      <source>This tab is being built.</source>
      <translation>此页正在建设中。</translation>
    </message>
    <message>
      <source>Posts and projects</source>
      <translation>岗位项目</translation>
    </message>
    <message>
      <source>Feedback</source>
      <translation>反馈</translation>
    </message>
    <message>
      <source>Members</source>
      <translation>党员</translation>
    </message>
    <message>
      <source>Unit party organisations</source>
      <translation>单位党组织</translation>
    </message>
    <message>
      <source>Party members</source>
      <translation>党员双报到</translation>
    </message>
  </context>
  <context>
    <name>PartyPeriods</name>
    <message>
      <source>{year} quarter {index}</source>
      <translation>{year}年第{index}季度</translation>
    </message>
    <message>
      <source>{year} first half</source>
      <translation>{year}年上半年</translation>
    </message>
    <message>
      <source>{year} second half</source>
      <translation>{year}年下半年</translation>
    </message>
    <message>
      <source>year {year}</source>
      <translation>{year}年</translation>
    </message>
  </context>
  <context>
    <name>PersonDialog</name>
    <message>
      <source>Edit person</source>
      <translation>编辑人员</translation>
    </message>
    <message>
      <source>Reading…</source>
      <translation>正在读取…</translation>
    </message>
    <message>
      <source>Kind of change</source>
      <translation>变动类型</translation>
    </message>
    <message>
      <source>Date of change</source>
      <translation>变动日期</translation>
    </message>
    <message>
      <source>Moved in from / note</source>
      <translation>迁入来源/说明</translation>
    </message>
    <message>
      <source>To make this person the head, use 变更户主 on the household page.</source>
      <translation>要把此人设为户主，请在户页面使用“变更户主”。</translation>
    </message>
    <message>
      <source>Add member</source>
      <translation>添加成员</translation>
    </message>
    <message>
      <source>Member</source>
      <translation>成员</translation>
    </message>
    <message>
      <source>Member: {name}</source>
      <translation>成员：{name}</translation>
    </message>
    <message>
      <source>New member</source>
      <translation>新增成员</translation>
    </message>
    <message>
      <source>New member of household {number}</source>
      <translation>户号 {number} 新增成员</translation>
    </message>
    <message>
      <source>The head changes through 变更户主 on the household page.</source>
      <translation>户主只能在户页面通过“变更户主”更换。</translation>
    </message>
    <message>
      <source>Edit {name}</source>
      <translation>编辑：{name}</translation>
    </message>
    <message>
      <source> (household {number})</source>
      <translation>（户号 {number}）</translation>
    </message>
    <message>
      <source>This person could not be read.</source>
      <translation>读取此人信息没有成功。</translation>
    </message>
    <message>
      <source>OK</source>
      <translation>确定</translation>
    </message>
    <message>
      <source>Bring back (迁回)</source>
      <translation>迁回本户</translation>
    </message>
    <message>
      <source>A person who comes back moves in.</source>
      <translation>迁回按迁入登记。</translation>
    </message>
    <message>
      <source>Bring back {name} (moved out of household {number} on {date})</source>
      <translation>迁回：{name}（{date}迁出户号 {number}）</translation>
    </message>
    <message>
      <source>Discard what you typed and open {name}?</source>
      <translation>放弃已填写的内容，打开 {name} 吗？</translation>
    </message>
  </context>
  <context>
    <name>PersonForm</name>
    <message>
      <source>Already registered: {name} (household {number})</source>
      <translation>已登记：{name}（户号 {number}）</translation>
    </message>
    <message>
      <source>Already registered: {name} (no household)</source>
      <translation>已登记：{name}（未入户）</translation>
    </message>
    <message>
      <source>, {status}</source>
      <translation>，状态：{status}</translation>
    </message>
    <message>
      <source>Open this person</source>
      <translation>打开此人</translation>
    </message>
    <message>
      <source>Bring back into this household</source>
      <translation>迁回本户</translation>
    </message>
    <message>
      <source>Registers the return (迁回) of the person on record: their own record, with its history, becomes current again in this household.</source>
      <translation>办理迁回：此人原有的登记记录（连同变动历史）在本户恢复为正常状态，不会重复登记。</translation>
    </message>
    <message>
      <source>. Bring this person back with the button below.</source>
      <translation>。可用下方按钮将此人迁回本户。</translation>
    </message>
  </context>
  <context>
    <name>PersonPicker</name>
    <message>
      <source>Name, pinyin initials, ID number or phone</source>
      <translation>姓名、拼音首字母、身份证号或电话</translation>
    </message>
    <message>
      <source>↑↓ choose · Enter add as petitioner · Esc close</source>
      <translation>↑↓ 选择 · Enter 添加为信访人 · Esc 关闭</translation>
    </message>
  </context>
  <context>
    <name>PetitionCorrect</name>
    <message>
      <source>{title} · No. {number}</source>
      <translation>{title} · 登记编号 {number}</translation>
    </message>
    <message>
      <source>Change what was registered wrongly and say why. The old and new values are kept in the progress. The date received ({date}) cannot be corrected.</source>
      <translation>改正登记错的内容并写明原因，原值和新值都记入办理过程。登记日期（{date}）不能更正。</translation>
    </message>
    <message>
      <source>Problem area</source>
      <translation>问题属地</translation>
    </message>
    <message>
      <source>Tick the repeat box to give a count.</source>
      <translation>勾选“是否重复信访”后才能填写信访次数。</translation>
    </message>
    <message>
      <source>Save the correction</source>
      <translation>保存更正</translation>
    </message>
  </context>
  <context>
    <name>PetitionFilterPanel</name>
    <message>
      <source>Filter</source>
      <translation>筛选</translation>
    </message>
    <message>
      <source>Number, summary, petitioner</source>
      <translation>登记编号、概况、信访人</translation>
    </message>
    <message>
      <source>Part of the registration number, of the summary or of a petitioner's name</source>
      <translation>登记编号、诉求概况或信访人姓名的一部分</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Deadline</source>
      <translation>期限</translation>
    </message>
    <message>
      <source>Month registered</source>
      <translation>登记月份</translation>
    </message>
    <message>
      <source>Grid</source>
      <translation>网格/村</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>事项类别</translation>
    </message>
    <message>
      <source>Clear filters</source>
      <translation>清除筛选</translation>
    </message>
    <message>
      <source>All</source>
      <translation>全部</translation>
    </message>
    <message>
      <source>Overdue</source>
      <translation>已超期</translation>
    </message>
    <message>
      <source>Open petitions past their deadline</source>
      <translation>已过限办日期、尚未办结的诉求</translation>
    </message>
    <message>
      <source>Due this week</source>
      <translation>本周到期</translation>
    </message>
    <message>
      <source>Open petitions due today or within the next six days</source>
      <translation>今天或此后六天内到期、尚未办结的诉求</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>未办结</translation>
    </message>
    <message>
      <source>Every state in which the office owes a step before a deadline</source>
      <translation>所有仍须在期限内办理下一步的状态</translation>
    </message>
    <message>
      <source>{month}/{year}</source>
      <translation>{year}年{month}月</translation>
    </message>
    <message>
      <source>All grids</source>
      <translation>全部网格</translation>
    </message>
    <message>
      <source>{village} (whole village)</source>
      <translation>{village}（全村）</translation>
    </message>
  </context>
  <context>
    <name>PetitionFlow</name>
    <message>
      <source>Grid worker</source>
      <translation>网格员</translation>
    </message>
    <message>
      <source>Community secretary</source>
      <translation>社区书记</translation>
    </message>
    <message>
      <source>Township (street)</source>
      <translation>乡镇（街道）</translation>
    </message>
    <message>
      <source>County petition bureau</source>
      <translation>县信访局</translation>
    </message>
    <message>
      <source>Handling department</source>
      <translation>承办部门</translation>
    </message>
    <message>
      <source>Village (community)</source>
      <translation>村（社区）</translation>
    </message>
    <message>
      <source>County</source>
      <translation>县</translation>
    </message>
    <message>
      <source>Department</source>
      <translation>承办部门</translation>
    </message>
    <message>
      <source>Registered, awaiting acceptance</source>
      <translation>登记（待受理）</translation>
    </message>
    <message>
      <source>Accepted, petitioner told</source>
      <translation>已受理（已告知）</translation>
    </message>
    <message>
      <source>Not accepted</source>
      <translation>不予受理</translation>
    </message>
    <message>
      <source>Transferred or assigned</source>
      <translation>已转送/交办</translation>
    </message>
    <message>
      <source>Objected, back with the sender</source>
      <translation>异议退回</translation>
    </message>
    <message>
      <source>In progress</source>
      <translation>办理中</translation>
    </message>
    <message>
      <source>In progress, extended</source>
      <translation>延期办理中</translation>
    </message>
    <message>
      <source>Replied</source>
      <translation>已答复</translation>
    </message>
    <message>
      <source>Called back</source>
      <translation>已回访</translation>
    </message>
    <message>
      <source>Closed</source>
      <translation>已办结</translation>
    </message>
    <message>
      <source>Review requested</source>
      <translation>复查中</translation>
    </message>
    <message>
      <source>Review answered</source>
      <translation>复查已答复</translation>
    </message>
    <message>
      <source>Recheck requested</source>
      <translation>复核中</translation>
    </message>
    <message>
      <source>Recheck answered</source>
      <translation>复核已答复</translation>
    </message>
    <message>
      <source>Concluded</source>
      <translation>终结</translation>
    </message>
    <message>
      <source>Register</source>
      <translation>登记</translation>
    </message>
    <message>
      <source>Correct the registration</source>
      <translation>更正登记信息</translation>
    </message>
    <message>
      <source>Accept and notify</source>
      <translation>受理告知</translation>
    </message>
    <message>
      <source>Do not accept</source>
      <translation>不予受理</translation>
    </message>
    <message>
      <source>Transfer or assign</source>
      <translation>转送/交办</translation>
    </message>
    <message>
      <source>Object</source>
      <translation>异议</translation>
    </message>
    <message>
      <source>Start handling</source>
      <translation>开始办理</translation>
    </message>
    <message>
      <source>Extend</source>
      <translation>延期</translation>
    </message>
    <message>
      <source>Reply</source>
      <translation>答复</translation>
    </message>
    <message>
      <source>Call back</source>
      <translation>回访</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>办结</translation>
    </message>
    <message>
      <source>Request a review</source>
      <translation>复查申请</translation>
    </message>
    <message>
      <source>Answer the review</source>
      <translation>复查答复</translation>
    </message>
    <message>
      <source>Request a recheck</source>
      <translation>复核申请</translation>
    </message>
    <message>
      <source>Answer the recheck</source>
      <translation>复核答复</translation>
    </message>
    <message>
      <source>Conclude</source>
      <translation>终结</translation>
    </message>
  </context>
  <context>
    <name>PetitionMetricsDialog</name>
    <message>
      <source>Petition figures</source>
      <translation>诉求信访月度统计</translation>
    </message>
    <message>
      <source>Month</source>
      <translation>月份</translation>
    </message>
    <message>
      <source>Grid</source>
      <translation>网格</translation>
    </message>
    <message>
      <source>Registered</source>
      <translation>登记件数</translation>
    </message>
    <message>
      <source>Repeat</source>
      <translation>重复信访</translation>
    </message>
    <message>
      <source>Response rate</source>
      <translation>响应率</translation>
    </message>
    <message>
      <source>Accepted in time</source>
      <translation>按期受理率</translation>
    </message>
    <message>
      <source>Completed in time</source>
      <translation>按期办结率</translation>
    </message>
    <message>
      <source>Resolution rate</source>
      <translation>解决率</translation>
    </message>
    <message>
      <source>Satisfaction rate</source>
      <translation>满意率</translation>
    </message>
    <message>
      <source>Overdue</source>
      <translation>超期数</translation>
    </message>
    <message>
      <source>Composite</source>
      <translation>综合</translation>
    </message>
    <message>
      <source>How each figure is counted: see the user guide. Satisfaction counts the petitioners reached by a call-back this month; “—”: nothing to count.</source>
      <translation>各项指标的算法见用户手册。满意率按本月回访联系上的信访人计算；“—”表示本月没有可统计的件。</translation>
    </message>
    <message>
      <source>Total</source>
      <translation>合计</translation>
    </message>
    <message>
      <source>(no grid)</source>
      <translation>（未指定网格）</translation>
    </message>
  </context>
  <context>
    <name>PetitionPage</name>
    <message>
      <source>No petition is open. Open one from the petition list (Alt+4).</source>
      <translation>尚未打开诉求。请在诉求信访列表（Alt+4）中打开一件。</translation>
    </message>
    <message>
      <source>The steps offered are those this role may take on this petition now.</source>
      <translation>这里只列出本身份现在可以对这件诉求办理的步骤。</translation>
    </message>
    <message>
      <source>Petition</source>
      <translation>信访件</translation>
    </message>
    <message>
      <source>Petitioners</source>
      <translation>信访人</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>ID number</source>
      <translation>身份证号</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <source>Steps:</source>
      <translation>办理：</translation>
    </message>
    <message>
      <source>Correct the registration…</source>
      <translation>更正登记信息…</translation>
    </message>
    <message>
      <source>Correct what was registered wrongly (F2)</source>
      <translation>更正登记时录错的信息（F2）</translation>
    </message>
    <message>
      <source>Registered</source>
      <translation>已登记人员</translation>
    </message>
    <message>
      <source>Open household</source>
      <translation>打开所在户</translation>
    </message>
    <message>
      <source>The household of the selected petitioner (Enter in the table)</source>
      <translation>打开所选信访人所在的户（也可在表格中按 Enter）</translation>
    </message>
    <message>
      <source>Attachments</source>
      <translation>附件</translation>
    </message>
    <message>
      <source>No attachments. Add photos or scans with “Add attachment…”.</source>
      <translation>还没有附件。可用“添加附件…”添加照片或扫描件。</translation>
    </message>
    <message>
      <source>Add attachment…</source>
      <translation>添加附件…</translation>
    </message>
    <message>
      <source>Photos and scans: JPEG, PNG, TIFF or PDF, at most 20 MB each</source>
      <translation>照片或扫描件（图片或 PDF 文件），每个不超过 20 兆字节</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>打开</translation>
    </message>
    <message>
      <source>Save a copy…</source>
      <translation>另存为…</translation>
    </message>
    <message>
      <source>Deadlines</source>
      <translation>期限</translation>
    </message>
    <message>
      <source>Progress</source>
      <translation>办理进程</translation>
    </message>
    <message>
      <source>Reading…</source>
      <translation>正在读取…</translation>
    </message>
    <message>
      <source>This petition no longer exists.</source>
      <translation>这件诉求已不存在。</translation>
    </message>
    <message>
      <source>No. {number} · {status}</source>
      <translation>登记编号 {number} · {status}</translation>
    </message>
    <message>
      <source>No deadline is running.</source>
      <translation>当前没有在计的期限。</translation>
    </message>
    <message>
      <source>due {date}</source>
      <translation>限办日期 {date}</translation>
    </message>
    <message>
      <source>No step is open to this role now.</source>
      <translation>本身份现在没有可办理的步骤。</translation>
    </message>
    <message>
      <source>Current role: {role}</source>
      <translation>当前身份：{role}</translation>
    </message>
    <message>
      <source>{name} (main)</source>
      <translation>{name}（主信访人）</translation>
    </message>
    <message>
      <source>No (typed in)</source>
      <translation>否（手工填写）</translation>
    </message>
    <message>
      <source>Yes</source>
      <translation>是</translation>
    </message>
    <message>
      <source>Enter or a double-click opens the household</source>
      <translation>按 Enter 或双击打开其所在户</translation>
    </message>
    <message>
      <source>{date} · {step} · {by}</source>
      <translation>{date} · {step} · {by}</translation>
    </message>
    <message>
      <source>Not on this computer yet (it arrives with the next sync).</source>
      <translation>尚未同步到本机（下次同步后可用）。</translation>
    </message>
    <message>
      <source>PDF: save a copy to open it in a PDF reader.</source>
      <translation>PDF 文件：请另存一份，再用 PDF 阅读器打开。</translation>
    </message>
    <message>
      <source>Photos and scans ({patterns})</source>
      <translation>照片和扫描件（{patterns}）</translation>
    </message>
    <message>
      <source>Add attachment</source>
      <translation>添加附件</translation>
    </message>
    <message>
      <source>Adding attachments…</source>
      <translation>正在添加附件…</translation>
    </message>
    <message>
      <source>Something went wrong; please try again.</source>
      <translation>出了点问题，请再试一次。</translation>
    </message>
    <message>
      <source>This picture cannot be shown; save a copy instead.</source>
      <translation>无法显示这张图片，请另存一份后查看。</translation>
    </message>
    <message>
      <source>Opening…</source>
      <translation>正在打开…</translation>
    </message>
    <message>
      <source>Save a copy</source>
      <translation>另存为</translation>
    </message>
    <message>
      <source>Saved a copy to {path}</source>
      <translation>已另存到 {path}</translation>
    </message>
    <message>
      <source>Saving…</source>
      <translation>正在保存…</translation>
    </message>
  </context>
  <context>
    <name>PetitionRegister</name>
    <message>
      <source>The file could not be attached.</source>
      <translation>该文件未能添加为附件。</translation>
    </message>
    <message>
      <source>This ID number is registered: {name} (household {number}).</source>
      <translation>此身份证号已登记：{name}（户号 {number}）。</translation>
    </message>
    <message>
      <source>This ID number is registered: {name}.</source>
      <translation>此身份证号已登记：{name}。</translation>
    </message>
    <message>
      <source> The petitioner is linked to this person when the petition is saved.</source>
      <translation>保存登记时信访人将关联此人，姓名等以户籍登记为准。</translation>
    </message>
  </context>
  <context>
    <name>PetitionRegisterDialog</name>
    <message>
      <source>Register a petition</source>
      <translation>登记信访</translation>
    </message>
    <message>
      <source>Problem area</source>
      <translation>问题属地</translation>
    </message>
    <message>
      <source>Petitioners</source>
      <translation>信访人</translation>
    </message>
    <message>
      <source>Add a registered person ({keys}):</source>
      <translation>添加已登记人员（{keys}）：</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>ID number</source>
      <translation>身份证号</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>联系电话</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <source>Source</source>
      <translation>来源</translation>
    </message>
    <message>
      <source>Nobody named yet: find a registered person above, or type one in. The first petitioner is the main petitioner.</source>
      <translation>尚未填写信访人：在上方查找已登记人员，或手工填写。第一位信访人为主信访人。</translation>
    </message>
    <message>
      <source>Type in… ({keys})</source>
      <translation>手工填写…（{keys}）</translation>
    </message>
    <message>
      <source>Someone who is not in the register:</source>
      <translation>不在户籍登记中的人员：</translation>
    </message>
    <message>
      <source>Make main petitioner (Space)</source>
      <translation>设为主信访人（空格）</translation>
    </message>
    <message>
      <source>Edit (Enter)</source>
      <translation>修改（Enter）</translation>
    </message>
    <message>
      <source>Remove (Del)</source>
      <translation>移除（Del）</translation>
    </message>
    <message>
      <source>Attachments</source>
      <translation>附件</translation>
    </message>
    <message>
      <source>Photos or scans (JPEG, PNG, TIFF, PDF), at most {limit} MB each; they are added once the petition is saved.</source>
      <translation>照片或扫描件（JPEG、PNG、TIFF、PDF），每个不超过 {limit} MB；保存登记后添加。</translation>
    </message>
    <message>
      <source>Add files…</source>
      <translation>添加附件…</translation>
    </message>
    <message>
      <source>Remove file</source>
      <translation>移除附件</translation>
    </message>
    <message>
      <source>Registered by {user} · role of this computer: {role}</source>
      <translation>登记人：{user} · 本机角色：{role}</translation>
    </message>
    <message>
      <source>{name} is already a petitioner.</source>
      <translation>{name}已在信访人中。</translation>
    </message>
    <message>
      <source>A registered person's details come from the register: change them on their household page.</source>
      <translation>已登记人员的信息来自户籍登记，请在其所在户页面修改。</translation>
    </message>
    <message>
      <source>Household {number}</source>
      <translation>户号 {number}</translation>
    </message>
    <message>
      <source>Registered</source>
      <translation>已登记</translation>
    </message>
    <message>
      <source>A registered person: the details come from the register</source>
      <translation>已登记人员：信息来自户籍登记</translation>
    </message>
    <message>
      <source>Typed in</source>
      <translation>手工填写</translation>
    </message>
    <message>
      <source>{name} (main)</source>
      <translation>{name}（主）</translation>
    </message>
    <message>
      <source>Main petitioner</source>
      <translation>主信访人</translation>
    </message>
    <message>
      <source>Tick 是否重复信访 to give the number of times.</source>
      <translation>勾选“是否重复信访”后填写信访次数。</translation>
    </message>
    <message>
      <source>Register</source>
      <translation>登记</translation>
    </message>
    <message>
      <source>Discard this registration and everything typed for it?</source>
      <translation>放弃本次登记及已填写的全部内容？</translation>
    </message>
    <message>
      <source>petitioner</source>
      <translation>信访人</translation>
    </message>
    <message>
      <source>petitioners</source>
      <translation>信访人</translation>
    </message>
    <message>
      <source>{name}: {message}</source>
      <translation>{name}：{message}</translation>
    </message>
    <message>
      <source>Registered, number {number}.</source>
      <translation>已登记，编号 {number}。</translation>
    </message>
    <message>
      <source>{count} attachments added.</source>
      <translation>已添加 {count} 个附件。</translation>
    </message>
    <message>
      <source>These files were not attached:</source>
      <translation>以下文件未能添加为附件：</translation>
    </message>
    <message>
      <source>Add files</source>
      <translation>添加附件</translation>
    </message>
    <message>
      <source>Photos and scans ({patterns})</source>
      <translation>照片和扫描件（{patterns}）</translation>
    </message>
  </context>
  <context>
    <name>PetitionStep</name>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Accepting starts the 60-day handling period: accepted today, the reply is due by {due}. Tell the petitioner in writing.</source>
      <translation>受理后开始计算 60 日办理期限：今天受理，须在 {due} 前答复。请书面告知信访人。</translation>
    </message>
    <message>
      <source>The handling period ends on {due}; it may be extended once, by at most 30 days (until {latest}), with the approval of the unit's head. Tell the petitioner why.</source>
      <translation>办理期限至 {due}；经本单位负责人批准可延期一次，最多延长 30 日（至 {latest}），并须告知信访人延期理由。</translation>
    </message>
    <message>
      <source>An objection is possible within 5 working days of receiving the petition (until {objection}). The petition goes back to the sender.</source>
      <translation>异议须在收到后 5 个工作日内提出（至 {objection}），诉求将退回转出单位。</translation>
    </message>
    <message>
      <source>A review may be requested within 30 days of the reply (until {review}).</source>
      <translation>复查须在答复后 30 日内申请（至 {review}）。</translation>
    </message>
    <message>
      <source>A recheck may be requested within 30 days of the review answer (until {recheck}).</source>
      <translation>复核须在复查意见作出后 30 日内申请（至 {recheck}）。</translation>
    </message>
    <message>
      <source>If the petitioner could not be reached, clear “Petitioner reached” and say why in the note; the call-back can be tried again.</source>
      <translation>联系不到信访人时，取消勾选“是否联系到信访人”，并在备注中说明原因；之后可再次回访。</translation>
    </message>
    <message>
      <source>Name the unit that receives the petition; a department also needs its level. The receiver has 15 days to accept and 5 working days to object.</source>
      <translation>写明接收单位；转往承办部门时还须选择部门层级。接收单位须在 15 日内受理，异议须在 5 个工作日内提出。</translation>
    </message>
    <message>
      <source>Tell the petitioner in writing why the petition is not accepted.</source>
      <translation>请书面告知信访人不予受理的理由。</translation>
    </message>
    <message>
      <source>{step} · No. {number}</source>
      <translation>{step} · 登记编号 {number}</translation>
    </message>
  </context>
  <context>
    <name>PetitionTableModel</name>
    <message>
      <source>Reading the petition list…</source>
      <translation>正在读取信访列表…</translation>
    </message>
    <message>
      <source>Deadline</source>
      <translation>期限</translation>
    </message>
    <message>
      <source>Reg. no.</source>
      <translation>登记编号</translation>
    </message>
    <message>
      <source>Registered</source>
      <translation>登记日期</translation>
    </message>
    <message>
      <source>Petitioner</source>
      <translation>信访人</translation>
    </message>
    <message>
      <source>Summary</source>
      <translation>诉求概况</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>事项类别</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Due date</source>
      <translation>限办日期</translation>
    </message>
    <message>
      <source>Handling unit</source>
      <translation>承办单位</translation>
    </message>
    <message>
      <source>{name} and others ({count} people)</source>
      <translation>{name} 等 {count} 人</translation>
    </message>
    <message>
      <source>No deadline pending ({status})</source>
      <translation>无待办期限（{status}）</translation>
    </message>
    <message>
      <source>Due on {date}</source>
      <translation>限办日期：{date}</translation>
    </message>
  </context>
  <context>
    <name>PetitionView</name>
    <message>
      <source>Yes</source>
      <translation>是</translation>
    </message>
    <message>
      <source>No</source>
      <translation>否</translation>
    </message>
    <message>
      <source>Content confidential</source>
      <translation>内容保密</translation>
    </message>
    <message>
      <source>Overdue by {days} days</source>
      <translation>已超期 {days} 天</translation>
    </message>
    <message>
      <source>Due today</source>
      <translation>今天到期</translation>
    </message>
    <message>
      <source>{days} days left</source>
      <translation>还剩 {days} 天</translation>
    </message>
    <message>
      <source>Acceptance notice (15 days)</source>
      <translation>受理告知（15 日）</translation>
    </message>
    <message>
      <source>Objection to the transfer (5 working days)</source>
      <translation>对转送/交办提出异议（5 个工作日）</translation>
    </message>
    <message>
      <source>Handling and reply (60 days)</source>
      <translation>办理答复（60 日）</translation>
    </message>
    <message>
      <source>Petitioner may request a review until</source>
      <translation>信访人可申请复查至</translation>
    </message>
    <message>
      <source>Review answer</source>
      <translation>复查答复</translation>
    </message>
    <message>
      <source>Petitioner may request a recheck until</source>
      <translation>信访人可申请复核至</translation>
    </message>
    <message>
      <source>Recheck answer</source>
      <translation>复核答复</translation>
    </message>
    <message>
      <source>Handling and reply (extended)</source>
      <translation>办理答复（已延期）</translation>
    </message>
    <message>
      <source>Done in time</source>
      <translation>按期办理</translation>
    </message>
    <message>
      <source>Done {days} days late</source>
      <translation>超期 {days} 天办理</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>已办理</translation>
    </message>
    <message>
      <source>Requested on {date}</source>
      <translation>已于 {date} 申请</translation>
    </message>
    <message>
      <source>Closed</source>
      <translation>已截止</translation>
    </message>
    <message>
      <source>No longer applies</source>
      <translation>不再适用</translation>
    </message>
    <message>
      <source>Registration number</source>
      <translation>登记编号</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>信访形式</translation>
    </message>
    <message>
      <source>As</source>
      <translation>身份</translation>
    </message>
    <message>
      <source>Status afterwards</source>
      <translation>办理后状态</translation>
    </message>
    <message>
      <source>How the petitioner was told</source>
      <translation>告知方式</translation>
    </message>
    <message>
      <source>Handler</source>
      <translation>承办人</translation>
    </message>
    <message>
      <source>Handling unit</source>
      <translation>承办单位</translation>
    </message>
    <message>
      <source>Handling deadline</source>
      <translation>办理期限</translation>
    </message>
    <message>
      <source>Notified in time</source>
      <translation>按期告知</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>理由</translation>
    </message>
    <message>
      <source>Sent to</source>
      <translation>转往</translation>
    </message>
    <message>
      <source>Level</source>
      <translation>层级</translation>
    </message>
    <message>
      <source>Sent by</source>
      <translation>转出方</translation>
    </message>
    <message>
      <source>Previous handling unit</source>
      <translation>原承办单位</translation>
    </message>
    <message>
      <source>Direction</source>
      <translation>方向</translation>
    </message>
    <message>
      <source>Acceptance notice due</source>
      <translation>受理告知期限</translation>
    </message>
    <message>
      <source>Objection possible until</source>
      <translation>可提出异议至</translation>
    </message>
    <message>
      <source>Returned to</source>
      <translation>退回至</translation>
    </message>
    <message>
      <source>New decision due</source>
      <translation>重新决定期限</translation>
    </message>
    <message>
      <source>Approved by</source>
      <translation>批准人</translation>
    </message>
    <message>
      <source>Extended until</source>
      <translation>延期至</translation>
    </message>
    <message>
      <source>Reason told to the petitioner on</source>
      <translation>延期理由告知日期</translation>
    </message>
    <message>
      <source>Previous deadline</source>
      <translation>原期限</translation>
    </message>
    <message>
      <source>Decision</source>
      <translation>处理意见</translation>
    </message>
    <message>
      <source>Reply text</source>
      <translation>答复内容</translation>
    </message>
    <message>
      <source>In time</source>
      <translation>按期</translation>
    </message>
    <message>
      <source>Review may be requested until</source>
      <translation>可申请复查至</translation>
    </message>
    <message>
      <source>Satisfaction</source>
      <translation>满意度</translation>
    </message>
    <message>
      <source>Petitioner reached</source>
      <translation>是否联系到信访人</translation>
    </message>
    <message>
      <source>Reviewing organ</source>
      <translation>复查/复核机关</translation>
    </message>
    <message>
      <source>Request possible until</source>
      <translation>可申请至</translation>
    </message>
    <message>
      <source>Answer due</source>
      <translation>答复期限</translation>
    </message>
    <message>
      <source>Recheck may be requested until</source>
      <translation>可申请复核至</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>Reply method</source>
      <translation>答复方式</translation>
    </message>
    <message>
      <source>Call-back method</source>
      <translation>回访方式</translation>
    </message>
    <message>
      <source>Reason for not accepting</source>
      <translation>不予受理理由</translation>
    </message>
    <message>
      <source>Reason for the objection</source>
      <translation>异议理由</translation>
    </message>
    <message>
      <source>Reason for the extension</source>
      <translation>延期理由</translation>
    </message>
    <message>
      <source>Reason for the request</source>
      <translation>申请理由</translation>
    </message>
    <message>
      <source>Review decision</source>
      <translation>复查结论</translation>
    </message>
    <message>
      <source>Review opinion</source>
      <translation>复查意见</translation>
    </message>
    <message>
      <source>Recheck decision</source>
      <translation>复核结论</translation>
    </message>
    <message>
      <source>Recheck opinion</source>
      <translation>复核意见</translation>
    </message>
    <message>
      <source>Answered in time</source>
      <translation>按期答复</translation>
    </message>
    <message>
      <source>Replied in time</source>
      <translation>按期答复</translation>
    </message>
    <message>
      <source>Objecting unit</source>
      <translation>提出异议的单位</translation>
    </message>
    <message>
      <source>Up a level (上报)</source>
      <translation>上报</translation>
    </message>
    <message>
      <source>Assigned down (交办)</source>
      <translation>交办</translation>
    </message>
    <message>
      <source>To another unit at the same level</source>
      <translation>同级转送</translation>
    </message>
    <message>
      <source>from “{old}” to “{new}”</source>
      <translation>由“{old}”改为“{new}”</translation>
    </message>
    <message>
      <source>(empty)</source>
      <translation>（空）</translation>
    </message>
    <message>
      <source>{label}: {value}</source>
      <translation>{label}：{value}</translation>
    </message>
    <message>
      <source>{actor} ({role})</source>
      <translation>{actor}（{role}）</translation>
    </message>
    <message>
      <source>Date received</source>
      <translation>登记日期</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>事项类别</translation>
    </message>
    <message>
      <source>Content category</source>
      <translation>内容分类</translation>
    </message>
    <message>
      <source>Headcount</source>
      <translation>人数</translation>
    </message>
    <message>
      <source>Repeat petition</source>
      <translation>是否重复信访</translation>
    </message>
    <message>
      <source>Problem location</source>
      <translation>问题发生地</translation>
    </message>
    <message>
      <source>Grid</source>
      <translation>网格</translation>
    </message>
    <message>
      <source>Now with</source>
      <translation>当前经办方</translation>
    </message>
    <message>
      <source>Handling level</source>
      <translation>办理层级</translation>
    </message>
    <message>
      <source>Confidential</source>
      <translation>保密</translation>
    </message>
    <message>
      <source>Summary</source>
      <translation>诉求概况</translation>
    </message>
    <message>
      <source>Full content</source>
      <translation>诉求内容</translation>
    </message>
    <message>
      <source>Accepted on</source>
      <translation>受理日期</translation>
    </message>
    <message>
      <source>Replied on</source>
      <translation>答复日期</translation>
    </message>
    <message>
      <source>Called back on</source>
      <translation>回访日期</translation>
    </message>
    <message>
      <source>Closed on</source>
      <translation>办结日期</translation>
    </message>
    <message>
      <source>Review (复查)</source>
      <translation>复查</translation>
    </message>
    <message>
      <source>Recheck (复核)</source>
      <translation>复核</translation>
    </message>
    <message>
      <source>Concluded on</source>
      <translation>终结日期</translation>
    </message>
    <message>
      <source>Yes ({count} times)</source>
      <translation>是（共 {count} 次）</translation>
    </message>
    <message>
      <source>requested {requested}, answered {answered}: {decision}</source>
      <translation>{requested} 申请，{answered} 答复：{decision}</translation>
    </message>
    <message>
      <source>requested {requested}</source>
      <translation>{requested} 申请</translation>
    </message>
    <message>
      <source>{size} KB</source>
      <translation>{size} KB</translation>
    </message>
    <message>
      <source>{size} MB</source>
      <translation>{size} MB</translation>
    </message>
  </context>
  <context>
    <name>PetitionerDialog</name>
    <message>
      <source>Link this person instead</source>
      <translation>改为关联此人</translation>
    </message>
    <message>
      <source>Edit petitioner</source>
      <translation>修改信访人</translation>
    </message>
    <message>
      <source>Petitioner not registered</source>
      <translation>手工填写信访人</translation>
    </message>
    <message>
      <source>OK</source>
      <translation>确定</translation>
    </message>
  </context>
  <context>
    <name>PetitionsEmptyState</name>
    <message>
      <source>Register a petition</source>
      <translation>登记信访</translation>
    </message>
    <message>
      <source>Clear filters</source>
      <translation>清除筛选</translation>
    </message>
    <message>
      <source>No petitions are registered yet</source>
      <translation>还没有登记任何信访事项</translation>
    </message>
    <message>
      <source>When someone comes, calls or writes with a request, a complaint or a suggestion, register it here: the deadlines are then counted for you.</source>
      <translation>群众来访、来电或来信反映诉求、投诉或建议时，在这里登记；各项办理期限由本软件自动计算。</translation>
    </message>
    <message>
      <source>No petition matches the filters</source>
      <translation>没有符合筛选条件的信访事项</translation>
    </message>
    <message>
      <source>Change the filters on the left, or clear them.</source>
      <translation>请修改左侧的筛选条件，或清除筛选。</translation>
    </message>
  </context>
  <context>
    <name>PetitionsPage</name>
    <message>
      <source>Register a petition ({keys})</source>
      <translation>登记信访（{keys}）</translation>
    </message>
    <message>
      <source>Monthly figures…</source>
      <translation>月度统计…</translation>
    </message>
    <message>
      <source>Petitions</source>
      <translation>诉求信访</translation>
    </message>
    <message>
      <source>Deadlines are counted as the table stands; the county updates it (see the user guide, 节假日表).</source>
      <translation>期限按现有的节假日表计算；节假日表由县里更新（见用户手册“节假日表”）。</translation>
    </message>
    <message>
      <source>Reading…</source>
      <translation>正在读取…</translation>
    </message>
    <message>
      <source>Counting… (first {count} shown)</source>
      <translation>正在统计…（已显示前 {count} 件）</translation>
    </message>
    <message>
      <source>{count} petitions match</source>
      <translation>符合条件 {count} 件</translation>
    </message>
    <message>
      <source>{count} petitions in all</source>
      <translation>共 {count} 件</translation>
    </message>
  </context>
  <context>
    <name>PostDialog</name>
    <message>
      <source>New service post</source>
      <translation>新增岗位</translation>
    </message>
    <message>
      <source>New service post or project</source>
      <translation>新增服务岗位或项目</translation>
    </message>
    <message>
      <source>Post</source>
      <translation>岗位</translation>
    </message>
    <message>
      <source>Project</source>
      <translation>项目</translation>
    </message>
    <message>
      <source>Post or project</source>
      <translation>岗位/项目</translation>
    </message>
    <message>
      <source>Save the post</source>
      <translation>保存岗位</translation>
    </message>
  </context>
  <context>
    <name>PostsTab</name>
    <message>
      <source>New post…</source>
      <translation>新增岗位…</translation>
    </message>
    <message>
      <source>Claim… (F2)</source>
      <translation>认领…（F2）</translation>
    </message>
    <message>
      <source>Withdraw a claim (Del)</source>
      <translation>撤回认领（Del）</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>类别</translation>
    </message>
    <message>
      <source>Post/project</source>
      <translation>岗位/项目</translation>
    </message>
    <message>
      <source>Planned</source>
      <translation>计划</translation>
    </message>
    <message>
      <source>Claimed</source>
      <translation>已认领</translation>
    </message>
    <message>
      <source>Claimed by</source>
      <translation>认领人</translation>
    </message>
    <message>
      <source>Post</source>
      <translation>岗位</translation>
    </message>
    <message>
      <source>Project</source>
      <translation>项目</translation>
    </message>
    <message>
      <source> (full)</source>
      <translation>（已满）</translation>
    </message>
    <message>
      <source>{count} posts and projects; Enter on a row claims it.</source>
      <translation>共 {count} 个岗位和项目；在某行按 Enter 认领。</translation>
    </message>
    <message>
      <source>No service posts yet.</source>
      <translation>还没有服务岗位。</translation>
    </message>
  </context>
  <context>
    <name>RegisterActions</name>
    <message>
      <source>Choose…</source>
      <translation>请选择…</translation>
    </message>
  </context>
  <context>
    <name>ReportsPage</name>
    <message>
      <source>Ledgers</source>
      <translation>台账报表</translation>
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
      <source>Choose a ledger, the month and the scope, then press Generate.</source>
      <translation>请选择台账、月份和范围，然后点“生成”。</translation>
    </message>
    <message>
      <source>Laying out…</source>
      <translation>正在排版…</translation>
    </message>
    <message>
      <source>PDF files (*.pdf)</source>
      <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
      <source>Print the ledger</source>
      <translation>打印台账</translation>
    </message>
    <message>
      <source>Printed {done} of {total} pages</source>
      <translation>已打印 {done} / {total} 页</translation>
    </message>
    <message>
      <source>Printing…</source>
      <translation>正在打印…</translation>
    </message>
    <message>
      <source>Print…</source>
      <translation>打印…</translation>
    </message>
    <message>
      <source>Reading the data…</source>
      <translation>正在读取数据…</translation>
    </message>
    <message>
      <source>Save as…</source>
      <translation>另存为…</translation>
    </message>
    <message>
      <source>Save the ledger as PDF</source>
      <translation>台账另存为 PDF</translation>
    </message>
    <message>
      <source>Shown: {ledger} · {scope} · {when} ({pages} pages)</source>
      <translation>当前预览：{ledger} · {scope} · {when}（共 {pages} 页）</translation>
    </message>
    <message>
      <source>The ledger could not be generated. The details are in the log.</source>
      <translation>台账未能生成，详细情况已记入日志。</translation>
    </message>
    <message>
      <source>The ledger could not be saved: {error}</source>
      <translation>台账未能保存：{error}</translation>
    </message>
    <message>
      <source>The ledger could not be written to the temporary folder: {detail}</source>
      <translation>台账未能写入临时文件夹：{detail}</translation>
    </message>
    <message>
      <source>The register changed since: generate again to see the changes.</source>
      <translation>此后数据有变动，重新生成才能看到。</translation>
    </message>
    <message>
      <source>{pages} pages laid out</source>
      <translation>已排版 {pages} 页</translation>
    </message>
    <message>
      <source>The “{ledger}” cannot be printed yet: this version does not draw it. The other ledgers work.</source>
      <translation>本版本暂时还不能生成“{ledger}”，其他台账可以正常生成。</translation>
    </message>
    <message>
      <source>{detail} Check that the character was typed right; if it is right, ask the county's IT staff.</source>
      <translation>{detail}请核对这个字是否录对；确实是这个字的，请县里的信息化人员处理。</translation>
    </message>
    <message>
      <source>The register has no village yet. Load the demo data or import a roster, then choose this PC's work area in Settings.</source>
      <translation>登记册里还没有村（社区）。请先载入演示数据或导入花名册，再到“设置”里选本机工作范围。</translation>
    </message>
    <message>
      <source> — with full ID and phone numbers</source>
      <translation>——含完整身份证号和电话号码</translation>
    </message>
  </context>
  <context>
    <name>ResultPopup</name>
    <message>
      <source>↑↓ choose · Enter open · Ctrl+Enter register petition · Esc close</source>
      <translation>↑↓ 选择 · Enter 打开 · Ctrl+Enter 登记信访 · Esc 关闭</translation>
    </message>
  </context>
  <context>
    <name>ScopePicker</name>
    <message>
      <source>Township / subdistrict</source>
      <translation>乡镇 / 街道</translation>
    </message>
    <message>
      <source>Village / community</source>
      <translation>村 / 社区</translation>
    </message>
    <message>
      <source>Grid</source>
      <translation>网格</translation>
    </message>
    <message>
      <source>Whole village (all grids)</source>
      <translation>全村（不限网格）</translation>
    </message>
  </context>
  <context>
    <name>SettingsPage</name>
    <message>
      <source>Display</source>
      <translation>显示</translation>
    </message>
    <message>
      <source>Chinese</source>
      <translation>中文</translation>
    </message>
    <message>
      <source>English</source>
      <translation>英文</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>语言</translation>
    </message>
    <message>
      <source>Text size</source>
      <translation>字号</translation>
    </message>
    <message>
      <source>Work area of this computer</source>
      <translation>本机工作范围</translation>
    </message>
    <message>
      <source>Save work area</source>
      <translation>保存工作范围</translation>
    </message>
    <message>
      <source>Data</source>
      <translation>数据</translation>
    </message>
    <message>
      <source>Data folder</source>
      <translation>数据目录</translation>
    </message>
    <message>
      <source>Current user</source>
      <translation>当前用户</translation>
    </message>
    <message>
      <source>Settings</source>
      <translation>设置</translation>
    </message>
    <message>
      <source>The language changes when GridApp is started again.</source>
      <translation>更改语言后，重新启动网格通才生效。</translation>
    </message>
    <message>
      <source>Saved. The language changes when GridApp is started again.</source>
      <translation>已保存。重新启动网格通后改用所选语言。</translation>
    </message>
    <message>
      <source>No work area chosen yet.</source>
      <translation>还没有选择工作范围。</translation>
    </message>
    <message>
      <source>Saved.</source>
      <translation>已保存。</translation>
    </message>
    <message>
      <source>Not saved yet.</source>
      <translation>尚未保存。</translation>
    </message>
    <message>
      <source>Audit log…</source>
      <translation>审计日志…</translation>
    </message>
  </context>
  <context>
    <name>SplitDialog</name>
    <message>
      <source>Split the household (分户)</source>
      <translation>分户</translation>
    </message>
    <message>
      <source>Split</source>
      <translation>分户</translation>
    </message>
    <message>
      <source>New household no.</source>
      <translation>新户号</translation>
    </message>
    <message>
      <source>household no.</source>
      <translation>新户号</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <source>address</source>
      <translation>地址</translation>
    </message>
    <message>
      <source>Split on</source>
      <translation>分户日期</translation>
    </message>
    <message>
      <source>the date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>Members who leave (tick), the new head, and relations to the new head:</source>
      <translation>勾选分出的成员，指定新户主，并选择与新户主的关系：</translation>
    </message>
    <message>
      <source>Members of household {number} form a new household.</source>
      <translation>户号{number}的成员分出，另立新户。</translation>
    </message>
    <message>
      <source>The head stays; change the head first to let them go.</source>
      <translation>户主不能分出；如需分出，请先变更户主。</translation>
    </message>
    <message>
      <source>New head</source>
      <translation>新户主</translation>
    </message>
    <message>
      <source>members who leave</source>
      <translation>分出的成员</translation>
    </message>
    <message>
      <source>the new head</source>
      <translation>新户主</translation>
    </message>
    <message>
      <source>relation of {name}</source>
      <translation>{name}与新户主的关系</translation>
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
    <name>SyncPage</name>
    <message>
      <source>Not enrolled with a county server</source>
      <translation>尚未在县级服务器注册</translation>
    </message>
    <message>
      <source>Offline: the server cannot be reached</source>
      <translation>离线：连不上服务器</translation>
    </message>
    <message>
      <source>Syncing…</source>
      <translation>正在同步…</translation>
    </message>
    <message>
      <source>Online</source>
      <translation>在线</translation>
    </message>
    <message>
      <source>Sync failed; trying again later</source>
      <translation>同步失败，稍后自动重试</translation>
    </message>
    <message>
      <source>Syncing stopped</source>
      <translation>同步已停止</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>完成</translation>
    </message>
    <message>
      <source>Server not reached</source>
      <translation>未连上服务器</translation>
    </message>
    <message>
      <source>Failed</source>
      <translation>失败</translation>
    </message>
    <message>
      <source>Refused: stopped</source>
      <translation>被拒绝，已停止</translation>
    </message>
    <message>
      <source>Done; the audit log was refused</source>
      <translation>完成，但操作日志被拒收</translation>
    </message>
    <message>
      <source>Grid worker</source>
      <translation>网格员</translation>
    </message>
    <message>
      <source>Village chief</source>
      <translation>村负责人</translation>
    </message>
    <message>
      <source>County</source>
      <translation>县级</translation>
    </message>
    <message>
      <source>Place</source>
      <translation>地名</translation>
    </message>
    <message>
      <source>Household</source>
      <translation>户</translation>
    </message>
    <message>
      <source>Person</source>
      <translation>人员</translation>
    </message>
    <message>
      <source>Person tag</source>
      <translation>人员标签</translation>
    </message>
    <message>
      <source>Household tag</source>
      <translation>户标签</translation>
    </message>
    <message>
      <source>Household change</source>
      <translation>户变动</translation>
    </message>
    <message>
      <source>Party member</source>
      <translation>党员</translation>
    </message>
    <message>
      <source>Party report-in</source>
      <translation>党员报到</translation>
    </message>
    <message>
      <source>Party organisation</source>
      <translation>党组织</translation>
    </message>
    <message>
      <source>Service post</source>
      <translation>服务岗位</translation>
    </message>
    <message>
      <source>Post claim</source>
      <translation>认领岗位</translation>
    </message>
    <message>
      <source>Activity</source>
      <translation>活动</translation>
    </message>
    <message>
      <source>Activity sign-in</source>
      <translation>活动签到</translation>
    </message>
    <message>
      <source>Feedback</source>
      <translation>反馈</translation>
    </message>
    <message>
      <source>Petition</source>
      <translation>诉求</translation>
    </message>
    <message>
      <source>Petitioner</source>
      <translation>信访人</translation>
    </message>
    <message>
      <source>Petition step</source>
      <translation>办理环节</translation>
    </message>
    <message>
      <source>Petition attachment</source>
      <translation>诉求附件</translation>
    </message>
    <message>
      <source>New</source>
      <translation>新增</translation>
    </message>
    <message>
      <source>Edit</source>
      <translation>修改</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>a field the server does not know</source>
      <translation>服务器不认识的字段</translation>
    </message>
    <message>
      <source>a value the server does not accept</source>
      <translation>服务器不接受的值</translation>
    </message>
    <message>
      <source>a kind of record the server does not know</source>
      <translation>服务器不认识的记录类型</translation>
    </message>
    <message>
      <source>the record's id is not valid</source>
      <translation>记录编号无效</translation>
    </message>
    <message>
      <source>an operation the server does not know</source>
      <translation>服务器不认识的操作</translation>
    </message>
    <message>
      <source>the record's version is not valid</source>
      <translation>记录版本无效</translation>
    </message>
    <message>
      <source>the changes are not valid</source>
      <translation>修改内容无效</translation>
    </message>
    <message>
      <source>this record cannot be changed afterwards</source>
      <translation>这种记录保存后不能再修改</translation>
    </message>
    <message>
      <source>the server has no such record</source>
      <translation>服务器上没有这条记录</translation>
    </message>
    <message>
      <source>the edit is based on a version the server does not have</source>
      <translation>修改所依据的版本服务器上没有</translation>
    </message>
    <message>
      <source>the change number was already used</source>
      <translation>修改序号已被使用</translation>
    </message>
    <message>
      <source>the record it belongs to does not exist on the server</source>
      <translation>所属的记录在服务器上不存在</translation>
    </message>
    <message>
      <source>not known yet</source>
      <translation>尚不知道</translation>
    </message>
    <message>
      <source>{seconds} s (server minus this PC)</source>
      <translation>{seconds} 秒（服务器减本机）</translation>
    </message>
    <message>
      <source>{minutes} min (server minus this PC)</source>
      <translation>{minutes} 分钟（服务器减本机）</translation>
    </message>
    <message>
      <source>Enrol this PC with the county server</source>
      <translation>在县级服务器注册本机</translation>
    </message>
    <message>
      <source>Until this PC is enrolled, every change is kept here and counted as waiting to be synced. Ask the county's IT staff for the server address and a one-time enrolment code (valid for 24 hours).</source>
      <translation>注册之前，所有修改都保存在本机，计为待同步。请向县里的信息技术人员索取服务器地址和一次性注册码（24 小时内有效）。</translation>
    </message>
    <message>
      <source>Server address</source>
      <translation>服务器地址</translation>
    </message>
    <message>
      <source>Enrolment code</source>
      <translation>注册码</translation>
    </message>
    <message>
      <source>Enrol this PC</source>
      <translation>注册本机</translation>
    </message>
    <message>
      <source>This PC and the county server</source>
      <translation>本机与县级服务器</translation>
    </message>
    <message>
      <source>Server</source>
      <translation>服务器</translation>
    </message>
    <message>
      <source>Device</source>
      <translation>设备</translation>
    </message>
    <message>
      <source>Scope</source>
      <translation>范围</translation>
    </message>
    <message>
      <source>Role</source>
      <translation>角色</translation>
    </message>
    <message>
      <source>State</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Last success</source>
      <translation>上次成功</translation>
    </message>
    <message>
      <source>Waiting to sync</source>
      <translation>待同步</translation>
    </message>
    <message>
      <source>Clock offset</source>
      <translation>时钟差</translation>
    </message>
    <message>
      <source>Sync now</source>
      <translation>立即同步</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Sent</source>
      <translation>发送</translation>
    </message>
    <message>
      <source>Accepted</source>
      <translation>接受</translation>
    </message>
    <message>
      <source>Conflicts</source>
      <translation>冲突</translation>
    </message>
    <message>
      <source>Refused</source>
      <translation>被拒绝</translation>
    </message>
    <message>
      <source>Received</source>
      <translation>收到</translation>
    </message>
    <message>
      <source>Result</source>
      <translation>结果</translation>
    </message>
    <message>
      <source>Saved</source>
      <translation>保存时间</translation>
    </message>
    <message>
      <source>Record</source>
      <translation>记录</translation>
    </message>
    <message>
      <source>Change</source>
      <translation>修改</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>Id</source>
      <translation>编号</translation>
    </message>
    <message>
      <source>Removed</source>
      <translation>移出时间</translation>
    </message>
    <message>
      <source>Recent rounds</source>
      <translation>最近同步</translation>
    </message>
    <message>
      <source>Left this PC's scope</source>
      <translation>已移出本机范围</translation>
    </message>
    <message>
      <source>Conflicts are listed here once the conflicts panel is installed.</source>
      <translation>冲突面板安装后，冲突会列在这里。</translation>
    </message>
    <message>
      <source>Sync</source>
      <translation>同步</translation>
    </message>
    <message>
      <source>Type the server address as given, beginning with https:// or http://.</source>
      <translation>请按给定的地址填写服务器地址，以 https:// 或 http:// 开头。</translation>
    </message>
    <message>
      <source>Type the enrolment code.</source>
      <translation>请填写注册码。</translation>
    </message>
    <message>
      <source>Enrolling…</source>
      <translation>正在注册…</translation>
    </message>
    <message>
      <source>The device secret is protected by the database passphrase. Passphrase:</source>
      <translation>设备密钥由数据库口令保护。口令：</translation>
    </message>
    <message>
      <source>never</source>
      <translation>从未</translation>
    </message>
    <message>
      <source>{count} changes</source>
      <translation>{count} 条</translation>
    </message>
    <message>
      <source>{device} (number prefix {prefix})</source>
      <translation>{device}（编号前缀 {prefix}）</translation>
    </message>
  </context>
  <context>
    <name>TagsDialog</name>
    <message>
      <source>Person tags</source>
      <translation>人员标签</translation>
    </message>
    <message>
      <source>Household tags</source>
      <translation>户标签</translation>
    </message>
    <message>
      <source>Add tag</source>
      <translation>添加标签</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>Tag</source>
      <translation>标签</translation>
    </message>
    <message>
      <source>From</source>
      <translation>开始日期</translation>
    </message>
    <message>
      <source>Until</source>
      <translation>结束日期</translation>
    </message>
    <message>
      <source>State</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>End the selected tag</source>
      <translation>结束所选标签</translation>
    </message>
    <message>
      <source>Ended on</source>
      <translation>结束日期</translation>
    </message>
    <message>
      <source>End tag</source>
      <translation>结束标签</translation>
    </message>
    <message>
      <source>Add a tag:</source>
      <translation>添加标签：</translation>
    </message>
    <message>
      <source>Choose…</source>
      <translation>请选择…</translation>
    </message>
    <message>
      <source>the tag</source>
      <translation>标签</translation>
    </message>
    <message>
      <source>the start date</source>
      <translation>开始日期</translation>
    </message>
    <message>
      <source>Known end date</source>
      <translation>有结束日期</translation>
    </message>
    <message>
      <source>Optional</source>
      <translation>选填</translation>
    </message>
    <message>
      <source>Tags of {name}</source>
      <translation>{name}的标签</translation>
    </message>
    <message>
      <source>Tags of household {name}</source>
      <translation>户号{name}的标签</translation>
    </message>
    <message>
      <source>: none yet. Add one below.</source>
      <translation>：暂无，可在下方添加。</translation>
    </message>
    <message>
      <source>Current</source>
      <translation>有效</translation>
    </message>
    <message>
      <source>Ended</source>
      <translation>已结束</translation>
    </message>
    <message>
      <source>Select a tag to end</source>
      <translation>请先在上表选中标签</translation>
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
  <context>
    <name>WithdrawDialog</name>
    <message>
      <source>Withdraw a claim</source>
      <translation>撤回认领</translation>
    </message>
    <message>
      <source>Whose claim on “{post}” is withdrawn?</source>
      <translation>撤回谁对“{post}”的认领？</translation>
    </message>
    <message>
      <source>Withdraw the claim</source>
      <translation>撤回认领</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Nobody holds this post.</source>
      <translation>此岗位无人认领。</translation>
    </message>
  </context>
  <context>
    <name>Access</name>
    <message>
      <source>Grid worker</source>
      <translation>网格员</translation>
    </message>
    <message>
      <source>Grid leader / community secretary</source>
      <translation>网格长/社区书记</translation>
    </message>
    <message>
      <source>Administrator</source>
      <translation>管理员</translation>
    </message>
    <message>
      <source>Township (street)</source>
      <translation>乡镇（街道）</translation>
    </message>
    <message>
      <source>County petition bureau</source>
      <translation>县信访局</translation>
    </message>
    <message>
      <source>Handling department</source>
      <translation>承办部门</translation>
    </message>
    <message>
      <source>see focus-management tags</source>
      <translation>查看重点管理标签</translation>
    </message>
    <message>
      <source>read the content of petitions</source>
      <translation>查看诉求信访内容</translation>
    </message>
    <message>
      <source>see full ID and phone numbers</source>
      <translation>查看完整身份证号和电话号码</translation>
    </message>
    <message>
      <source>export data</source>
      <translation>导出数据</translation>
    </message>
    <message>
      <source>print ledgers</source>
      <translation>打印台账</translation>
    </message>
    <message>
      <source>delete records</source>
      <translation>删除记录</translation>
    </message>
    <message>
      <source>close or reopen a month</source>
      <translation>结账或反结账</translation>
    </message>
    <message>
      <source>manage accounts</source>
      <translation>管理账户</translation>
    </message>
    <message>
      <source>make and restore backups</source>
      <translation>备份和恢复</translation>
    </message>
    <message>
      <source>read the audit log</source>
      <translation>查看审计日志</translation>
    </message>
  </context>
  <context>
    <name>Audit</name>
    <message>
      <source>Log in</source>
      <translation>登录</translation>
    </message>
    <message>
      <source>Failed login</source>
      <translation>登录失败</translation>
    </message>
    <message>
      <source>Account locked</source>
      <translation>账户锁定</translation>
    </message>
    <message>
      <source>Log out</source>
      <translation>退出登录</translation>
    </message>
    <message>
      <source>Unlock the session</source>
      <translation>解除锁屏</translation>
    </message>
    <message>
      <source>Add an account</source>
      <translation>添加账户</translation>
    </message>
    <message>
      <source>Disable an account</source>
      <translation>停用账户</translation>
    </message>
    <message>
      <source>Enable an account</source>
      <translation>启用账户</translation>
    </message>
    <message>
      <source>Role change</source>
      <translation>角色变更</translation>
    </message>
    <message>
      <source>Reset a password</source>
      <translation>重置密码</translation>
    </message>
    <message>
      <source>Change one's password</source>
      <translation>修改本人密码</translation>
    </message>
    <message>
      <source>Account settings</source>
      <translation>账户安全设置</translation>
    </message>
    <message>
      <source>View full numbers</source>
      <translation>查看完整号码</translation>
    </message>
    <message>
      <source>Export</source>
      <translation>导出</translation>
    </message>
    <message>
      <source>Print</source>
      <translation>打印</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>Close the month</source>
      <translation>结账</translation>
    </message>
    <message>
      <source>Reopen the month</source>
      <translation>反结账</translation>
    </message>
    <message>
      <source>Backup</source>
      <translation>备份</translation>
    </message>
    <message>
      <source>Restore</source>
      <translation>恢复</translation>
    </message>
    <message>
      <source>Key recovery</source>
      <translation>密钥恢复</translation>
    </message>
    <message>
      <source>New household</source>
      <translation>新建户</translation>
    </message>
    <message>
      <source>Edit a household</source>
      <translation>修改户信息</translation>
    </message>
    <message>
      <source>Edit a person</source>
      <translation>修改人员信息</translation>
    </message>
    <message>
      <source>Move in</source>
      <translation>迁入</translation>
    </message>
    <message>
      <source>Birth</source>
      <translation>出生登记</translation>
    </message>
    <message>
      <source>Move back in</source>
      <translation>迁回</translation>
    </message>
    <message>
      <source>Move out</source>
      <translation>迁出</translation>
    </message>
    <message>
      <source>Death</source>
      <translation>死亡注销</translation>
    </message>
    <message>
      <source>Change the head of household</source>
      <translation>变更户主</translation>
    </message>
    <message>
      <source>Split a household</source>
      <translation>分户</translation>
    </message>
    <message>
      <source>Tag a person</source>
      <translation>添加人员标签</translation>
    </message>
    <message>
      <source>Tag a household</source>
      <translation>添加户标签</translation>
    </message>
    <message>
      <source>End a person's tag</source>
      <translation>结束人员标签</translation>
    </message>
    <message>
      <source>End a household's tag</source>
      <translation>结束户标签</translation>
    </message>
    <message>
      <source>Import a roster</source>
      <translation>导入花名册</translation>
    </message>
    <message>
      <source>Export the roster</source>
      <translation>导出花名册</translation>
    </message>
    <message>
      <source>Add a party member</source>
      <translation>登记党员</translation>
    </message>
    <message>
      <source>Edit a party member</source>
      <translation>修改党员信息</translation>
    </message>
    <message>
      <source>Party member reports in</source>
      <translation>党员报到</translation>
    </message>
    <message>
      <source>Party member's report cancelled</source>
      <translation>撤销党员报到</translation>
    </message>
    <message>
      <source>Party organisation reports in</source>
      <translation>党组织报到</translation>
    </message>
    <message>
      <source>Party organisation's report received</source>
      <translation>党组织报到回执</translation>
    </message>
    <message>
      <source>Party organisation's report cancelled</source>
      <translation>撤销党组织报到</translation>
    </message>
    <message>
      <source>New service post</source>
      <translation>新增服务岗位</translation>
    </message>
    <message>
      <source>Service post claimed</source>
      <translation>认领服务岗位</translation>
    </message>
    <message>
      <source>Service post given up</source>
      <translation>退出服务岗位</translation>
    </message>
    <message>
      <source>New activity</source>
      <translation>登记活动</translation>
    </message>
    <message>
      <source>Activity participants</source>
      <translation>活动参加人员</translation>
    </message>
    <message>
      <source>Feedback recorded</source>
      <translation>登记反馈</translation>
    </message>
    <message>
      <source>Feedback edited</source>
      <translation>修改反馈</translation>
    </message>
    <message>
      <source>Register a petition</source>
      <translation>登记信访</translation>
    </message>
    <message>
      <source>Correct a petition's registration</source>
      <translation>更正信访登记</translation>
    </message>
    <message>
      <source>Attach a file</source>
      <translation>添加附件</translation>
    </message>
    <message>
      <source>Remove an attached file</source>
      <translation>删除附件</translation>
    </message>
    <message>
      <source>Resolve a sync conflict</source>
      <translation>处理同步冲突</translation>
    </message>
    <message>
      <source>Petition: {step}</source>
      <translation>信访：{step}</translation>
    </message>
    <message>
      <source>Load demo data</source>
      <translation>载入演示数据</translation>
    </message>
    <message>
      <source>Session locked</source>
      <translation>锁屏</translation>
    </message>
    <message>
      <source>Print a recovery sheet</source>
      <translation>打印恢复码</translation>
    </message>
  </context>
  <context>
    <name>LoginDialog</name>
    <message>
      <source>{name} ({role})</source>
      <translation>{name}（{role}）</translation>
    </message>
    <message>
      <source>GridApp: log in</source>
      <translation>网格通 · 登录</translation>
    </message>
    <message>
      <source>GridApp</source>
      <translation>网格通</translation>
    </message>
    <message>
      <source>Log in with your own account.</source>
      <translation>请用您自己的账户登录。</translation>
    </message>
    <message>
      <source>User name</source>
      <translation>账户名</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>密码</translation>
    </message>
    <message>
      <source>Log in</source>
      <translation>登录</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation>退出</translation>
    </message>
    <message>
      <source>Enter your user name and password.</source>
      <translation>请输入账户名和密码。</translation>
    </message>
    <message>
      <source>Logging in…</source>
      <translation>正在登录…</translation>
    </message>
  </context>
  <context>
    <name>LockScreen</name>
    <message>
      <source>GridApp is locked</source>
      <translation>网格通已锁定</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>密码</translation>
    </message>
    <message>
      <source>Unlock</source>
      <translation>解锁</translation>
    </message>
    <message>
      <source>Switch account</source>
      <translation>切换账户</translation>
    </message>
    <message>
      <source>Locked after a time without use. {user}: enter your password to go on.</source>
      <translation>一段时间没有操作，已自动锁定。{user}：请输入密码继续工作。</translation>
    </message>
    <message>
      <source>Logged out. Log in to go on working.</source>
      <translation>已退出登录。请登录后继续工作。</translation>
    </message>
    <message>
      <source>Log in…</source>
      <translation>登录…</translation>
    </message>
    <message>
      <source>Locked after a time without use.
{user}: enter your password to go on.</source>
      <translation>一段时间没有操作，已自动锁定。
{user}：请输入密码继续工作。</translation>
    </message>
  </context>
  <context>
    <name>SessionGuard</name>
    <message>
      <source>Enter your password.</source>
      <translation>请输入密码。</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
  </context>
  <context>
    <name>AccountsDialog</name>
    <message>
      <source>Disabled</source>
      <translation>已停用</translation>
    </message>
    <message>
      <source>Locked until {time}</source>
      <translation>锁定至 {time}</translation>
    </message>
    <message>
      <source>Active</source>
      <translation>正常</translation>
    </message>
    <message>
      <source>Accounts of this computer</source>
      <translation>本机账户</translation>
    </message>
    <message>
      <source>User name</source>
      <translation>账户名</translation>
    </message>
    <message>
      <source>Full name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Role</source>
      <translation>角色</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Add…</source>
      <translation>添加…</translation>
    </message>
    <message>
      <source>Disable</source>
      <translation>停用</translation>
    </message>
    <message>
      <source>Enable</source>
      <translation>启用</translation>
    </message>
    <message>
      <source>Reset password…</source>
      <translation>重置密码…</translation>
    </message>
    <message>
      <source>Change role…</source>
      <translation>更改角色…</translation>
    </message>
    <message>
      <source>Logging in</source>
      <translation>登录保护</translation>
    </message>
    <message>
      <source> times</source>
      <translation> 次</translation>
    </message>
    <message>
      <source> minutes</source>
      <translation> 分钟</translation>
    </message>
    <message>
      <source>Wrong passwords before an account locks</source>
      <translation>连续输错密码几次后锁定账户</translation>
    </message>
    <message>
      <source>An account stays locked for</source>
      <translation>账户锁定时长</translation>
    </message>
    <message>
      <source>Lock the window after no use for</source>
      <translation>无操作多久后锁屏</translation>
    </message>
    <message>
      <source>Save settings</source>
      <translation>保存设置</translation>
    </message>
    <message>
      <source>Saved.</source>
      <translation>已保存。</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
  </context>
  <context>
    <name>AccountDialog</name>
    <message>
      <source>Set up the administrator account</source>
      <translation>设置管理员账户</translation>
    </message>
    <message>
      <source>Add an account</source>
      <translation>添加账户</translation>
    </message>
    <message>
      <source>Reset password</source>
      <translation>重置密码</translation>
    </message>
    <message>
      <source>Change role</source>
      <translation>更改角色</translation>
    </message>
    <message>
      <source>Change my password</source>
      <translation>修改密码</translation>
    </message>
    <message>
      <source>The administrator adds an account for everyone who works on this computer. From then on everybody logs in with their own account, and every change, print and export names them.</source>
      <translation>管理员为在本机工作的每个人添加账户。此后每个人都用自己的账户登录，每次修改、打印和导出都记下是谁做的。</translation>
    </message>
    <message>
      <source>Account: {name}</source>
      <translation>账户：{name}</translation>
    </message>
    <message>
      <source>User name</source>
      <translation>账户名</translation>
    </message>
    <message>
      <source>Full name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Role</source>
      <translation>角色</translation>
    </message>
    <message>
      <source>Current password</source>
      <translation>当前密码</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>密码</translation>
    </message>
    <message>
      <source>New password</source>
      <translation>新密码</translation>
    </message>
    <message>
      <source>Password again</source>
      <translation>再输一次密码</translation>
    </message>
    <message>
      <source>At least 8 characters; not the user name.</source>
      <translation>至少 8 个字符，不能与账户名相同。</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>The two passwords differ.</source>
      <translation>两次输入的密码不一样。</translation>
    </message>
  </context>
  <context>
    <name>AccountsPanel</name>
    <message>
      <source>Accounts</source>
      <translation>账户</translation>
    </message>
    <message>
      <source>Set up administrator account…</source>
      <translation>设置管理员账户…</translation>
    </message>
    <message>
      <source>Change my password…</source>
      <translation>修改密码…</translation>
    </message>
    <message>
      <source>Lock now</source>
      <translation>立即锁定</translation>
    </message>
    <message>
      <source>Manage accounts…</source>
      <translation>管理账户…</translation>
    </message>
    <message>
      <source>No accounts on this computer yet: GridApp opens without logging in and the audit log names the computer's user. Set up the administrator, who then adds an account for each worker.</source>
      <translation>本机还没有账户：打开网格通不用登录，操作日志记下的是电脑的用户名。请先设置管理员账户，再由管理员为每位工作人员添加账户。</translation>
    </message>
    <message>
      <source>Logged in: {user}</source>
      <translation>当前账户：{user}</translation>
    </message>
    <message>
      <source>Nobody is logged in.</source>
      <translation>没有人登录。</translation>
    </message>
  </context>
  <context>
    <name>DailyBackups</name>
    <message>
      <source>Backup folder {folder} not found (is the USB drive plugged in?): today's backup is kept on this computer.</source>
      <translation>找不到备份文件夹 {folder}（U盘插上了吗？）：今天的备份保存在本机。</translation>
    </message>
    <message>
      <source>Today's backup could not be made: {detail}</source>
      <translation>今天的备份没有做成：{detail}</translation>
    </message>
  </context>
  <context>
    <name>RecoveryDialog</name>
    <message>
      <source>Restore from a backup</source>
      <translation>从备份恢复</translation>
    </message>
    <message>
      <source>The database failed its integrity check ({count} problems): part of the file is damaged, e.g. by a power cut or a failing disk. GridApp can put back the newest backup that passes its own checks. The damaged file is kept aside in the folder “backups”; changes made after the backup are only in it, so do not delete it and tell the county's IT staff.</source>
      <translation>数据库没有通过完整性检查（{count} 处问题）：文件有一部分已损坏，可能是突然断电或硬盘故障造成的。网格通可以换上最近一份能通过检查的备份。损坏的文件会另存在“backups”文件夹里；备份之后做的修改只在那份文件里，所以请不要删除它，并告诉县里的信息化人员。</translation>
    </message>
    <message>
      <source>Made</source>
      <translation>备份时间</translation>
    </message>
    <message>
      <source>Size</source>
      <translation>大小</translation>
    </message>
    <message>
      <source>Check</source>
      <translation>检查</translation>
    </message>
    <message>
      <source>File</source>
      <translation>文件</translation>
    </message>
    <message>
      <source>Restore the chosen backup</source>
      <translation>恢复所选的备份</translation>
    </message>
    <message>
      <source>not checked</source>
      <translation>未检查</translation>
    </message>
    <message>
      <source>There is no backup in {folders}. Do not go on entering data; call the county's IT staff.</source>
      <translation>{folders} 里没有备份。请不要继续录入，联系县里的信息化人员。</translation>
    </message>
    <message>
      <source>No backup passed its checks.</source>
      <translation>没有一份备份通过检查。</translation>
    </message>
    <message>
      <source>Checking {name} …</source>
      <translation>正在检查 {name} …</translation>
    </message>
    <message>
      <source>passed</source>
      <translation>通过</translation>
    </message>
    <message>
      <source>The newest good backup is chosen: {name}.</source>
      <translation>已选中最近一份完好的备份：{name}。</translation>
    </message>
    <message>
      <source>failed</source>
      <translation>未通过</translation>
    </message>
    <message>
      <source>Restoring {name} …</source>
      <translation>正在恢复 {name} …</translation>
    </message>
    <message>
      <source>Restored from {name}.</source>
      <translation>已从备份 {name} 恢复。</translation>
    </message>
    <message>
      <source>The damaged database is kept in {path}.</source>
      <translation>损坏的数据库另存在 {path}。</translation>
    </message>
    <message>
      <source>Nothing was restored: {detail} Start GridApp again.</source>
      <translation>没有恢复：{detail} 请重新启动网格通。</translation>
    </message>
    <message>
      <source>Put a backup back in place of the current database. The current database is kept aside in the folder “backups”; changes made after the backup are only in it.</source>
      <translation>用一份备份换下现在的数据库。现在的数据库会另存在“backups”文件夹里；备份之后做的修改只在那份文件里。</translation>
    </message>
    <message>
      <source>Another file…</source>
      <translation>其他文件…</translation>
    </message>
    <message>
      <source>Backup file</source>
      <translation>备份文件</translation>
    </message>
    <message>
      <source>GridApp backups (*.db)</source>
      <translation>网格通备份 (*.db)</translation>
    </message>
    <message>
      <source>Chosen: {name}.</source>
      <translation>已选中：{name}。</translation>
    </message>
  </context>
  <context>
    <name>AuditTableModel</name>
    <message>
      <source>Reading the audit log…</source>
      <translation>正在读取审计日志……</translation>
    </message>
    <message>
      <source>No.</source>
      <translation>序号</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>User</source>
      <translation>用户</translation>
    </message>
    <message>
      <source>Action</source>
      <translation>操作</translation>
    </message>
    <message>
      <source>Record</source>
      <translation>记录</translation>
    </message>
    <message>
      <source>Details</source>
      <translation>详情</translation>
    </message>
  </context>
  <context>
    <name>AuditDialog</name>
    <message>
      <source>Audit log</source>
      <translation>审计日志</translation>
    </message>
    <message>
      <source>From</source>
      <translation>从</translation>
    </message>
    <message>
      <source>to</source>
      <translation>至</translation>
    </message>
    <message>
      <source>All actions</source>
      <translation>全部操作</translation>
    </message>
    <message>
      <source>All users</source>
      <translation>全部用户</translation>
    </message>
    <message>
      <source>Action</source>
      <translation>操作</translation>
    </message>
    <message>
      <source>User</source>
      <translation>用户</translation>
    </message>
    <message>
      <source>Verify checks that no entry was changed, removed or inserted.</source>
      <translation>“校验”检查是否有记录被改动、删除或插入。</translation>
    </message>
    <message>
      <source>Verify</source>
      <translation>校验</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>Reading…</source>
      <translation>正在读取……</translation>
    </message>
    <message>
      <source>Counting…</source>
      <translation>正在统计……</translation>
    </message>
    <message>
      <source>{count} entries</source>
      <translation>共 {count} 条</translation>
    </message>
    <message>
      <source>Verifying the audit log…</source>
      <translation>正在校验审计日志……</translation>
    </message>
    <message>
      <source>… and {count} more.</source>
      <translation>……另有 {count} 处。</translation>
    </message>
    <message>
      <source>Verification cancelled.</source>
      <translation>校验已取消。</translation>
    </message>
  </context>
  <context>
    <name>BackupPanel</name>
    <message>
      <source>Backups</source>
      <translation>备份</translation>
    </message>
    <message>
      <source>On this computer</source>
      <translation>本机</translation>
    </message>
    <message>
      <source>none: backups stay on this computer</source>
      <translation>未选：备份只保存在本机</translation>
    </message>
    <message>
      <source>Choose folder…</source>
      <translation>选择文件夹…</translation>
    </message>
    <message>
      <source>Stop copying</source>
      <translation>不再复制</translation>
    </message>
    <message>
      <source>Copy to folder</source>
      <translation>另存一份到</translation>
    </message>
    <message>
      <source>Newest backup</source>
      <translation>最近的备份</translation>
    </message>
    <message>
      <source>Back up now</source>
      <translation>立即备份</translation>
    </message>
    <message>
      <source>none yet</source>
      <translation>还没有</translation>
    </message>
    <message>
      <source>The folder {folder} is not there now (USB drive unplugged?).</source>
      <translation>文件夹 {folder} 现在找不到（U盘拔掉了？）。</translation>
    </message>
    <message>
      <source>Folder for copies of the backups</source>
      <translation>存放备份副本的文件夹</translation>
    </message>
    <message>
      <source>Backing up …</source>
      <translation>正在备份 …</translation>
    </message>
    <message>
      <source>Backup written: {path}</source>
      <translation>备份已写入：{path}</translation>
    </message>
    <message>
      <source>Copy: {path}</source>
      <translation>副本：{path}</translation>
    </message>
    <message>
      <source>Restore from a backup…</source>
      <translation>从备份恢复…</translation>
    </message>
    <message>
      <source>This computer has no recovery code yet: print a sheet now.</source>
      <translation>本机还没有恢复码：请现在打印恢复码单。</translation>
    </message>
    <message>
      <source>Sheet {sheet} of {date}.</source>
      <translation>恢复码单 {sheet}（{date}）。</translation>
    </message>
    <message>
      <source>Print a new recovery sheet…</source>
      <translation>打印新的恢复码单…</translation>
    </message>
    <message>
      <source>Recovery code</source>
      <translation>恢复码</translation>
    </message>
  </context>
  <context>
    <name>StartupRecovery</name>
    <message>
      <source>The database file is damaged and cannot be opened ({detail}). The newest backup that passes its checks was made {made} ({size}). Restore it? The damaged file is kept aside in the folder “backups”; changes made after the backup are only in it: do not delete it, and tell the county's IT staff.</source>
      <translation>数据库文件已损坏，无法打开（{detail}）。最近一份能通过检查的备份做于 {made}（{size}）。要换上这份备份吗？损坏的文件会另存在“backups”文件夹里；备份之后做的修改只在那份文件里：请不要删除它，并告诉县里的信息化人员。</translation>
    </message>
    <message>
      <source>its first page does not decrypt with the key that opens the backups</source>
      <translation>它的第一页用能打开备份的同一个密钥也解密不了</translation>
    </message>
    <message>
      <source>Nothing was restored: {detail}</source>
      <translation>没有恢复：{detail}</translation>
    </message>
    <message>
      <source>Restored from {name}.</source>
      <translation>已从备份 {name} 恢复。</translation>
    </message>
    <message>
      <source>The damaged database is kept in {path}.</source>
      <translation>损坏的数据库另存在 {path}。</translation>
    </message>
    <message>
      <source>GridApp</source>
      <translation>网格通</translation>
    </message>
    <message>
      <source>Restore the backup</source>
      <translation>换上这份备份</translation>
    </message>
  </context>
  <context>
    <name>RecoveryCode</name>
    <message>
      <source>GridApp recovery sheet.pdf</source>
      <translation>网格通恢复码单.pdf</translation>
    </message>
    <message>
      <source>Save the recovery sheet</source>
      <translation>保存恢复码单</translation>
    </message>
    <message>
      <source>Recovery sheet</source>
      <translation>恢复码单</translation>
    </message>
    <message>
      <source>The recovery sheet was saved to {path}.

Print it, seal it in an envelope and keep it in the office safe; then delete the file — it holds the code.</source>
      <translation>恢复码单已保存到 {path}。

请打印出来，装进信封封好，放在办公室保险柜里；然后删除这个文件——文件里有恢复码。</translation>
    </message>
    <message>
      <source>Writing the recovery sheet…</source>
      <translation>正在生成恢复码单…</translation>
    </message>
    <message>
      <source>A recovery code was made for this new register. If the database key is ever lost (the PC replaced, the passphrase forgotten), only this code opens the register again.

Save the recovery sheet now to print it?</source>
      <translation>已为新建的数据库生成恢复码。以后数据库密钥丢失时（换了电脑、忘了口令），只有这个恢复码能重新打开数据。

现在保存恢复码单并打印吗？</translation>
    </message>
    <message>
      <source>Without the sheet, a lost key cannot be recovered. You can print a new sheet later under Settings (it makes a new code). Skip it for now?</source>
      <translation>没有恢复码单，密钥丢失后无法恢复数据。以后可以在“设置”里打印新的恢复码单（会生成新的恢复码）。现在先跳过吗？</translation>
    </message>
    <message>
      <source>A new recovery code is made and the code of every earlier sheet stops working once the new sheet is saved. Go on?</source>
      <translation>将生成新的恢复码；新恢复码单保存后，以前打印的恢复码单全部作废。继续吗？</translation>
    </message>
    <message>
      <source>GridApp</source>
      <translation>网格通</translation>
    </message>
    <message>
      <source>Recover with the recovery code</source>
      <translation>用恢复码恢复</translation>
    </message>
    <message>
      <source>The code on the recovery sheet (7 groups of 4 characters):</source>
      <translation>请输入恢复码单上的恢复码（7 组，每组 4 个字符）：</translation>
    </message>
    <message>
      <source>The database key was recovered. Keep the sheet: the same code works again.</source>
      <translation>数据库密钥已恢复。请继续保管好恢复码单：同一个恢复码以后仍然有效。</translation>
    </message>
  </context>
</TS>
