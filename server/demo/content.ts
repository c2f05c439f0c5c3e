// What the demo campaign is made of: the units, the people, the common problems the opinions
// raise and the words the opinions are written in. Drawn from the kinds of complaint the source
// practice names (selection and appointment of cadres, service at the counter, style of work,
// demands on the grassroots), in Chinese and English. Names of people are invented.
import type { Category } from '../opinions/categories.js';
import type { Level } from '../problems/levels.js';
import type { UnitKind } from '../units/tables.js';

export interface DemoUnit {
  key: string;
  /** The portal stores one name; it carries both languages. */
  name: string;
  zh: string;
  en: string;
  kind: UnitKind;
  parent: string | null;
  contact: { email: string; name: string; locale: 'zh-CN' | 'en' };
}

const unit = (
  key: string,
  zh: string,
  en: string,
  kind: UnitKind,
  parent: string | null,
  contactName: string,
  locale: 'zh-CN' | 'en' = 'zh-CN',
): DemoUnit => ({
  key,
  name: `${zh} · ${en}`,
  zh,
  en,
  kind,
  parent,
  contact: { email: `${key}.office@example.org`, name: contactName, locale },
});

export const UNITS: readonly DemoUnit[] = [
  unit('city', '市委组织部', 'City Organisation Department', 'city', null, '办公室 王秀兰'),
  unit(
    'dongcheng',
    '东城区委组织部',
    'Dongcheng District Organisation Department',
    'district',
    'city',
    '综合科 刘建军',
  ),
  unit('xicheng', '西城区委组织部', 'Xicheng District Organisation Department', 'district', 'city', '综合科 陈丽'),
  unit(
    'nanhu',
    '南湖区委组织部',
    'Nanhu District Organisation Department',
    'district',
    'city',
    'Office of Zhao Min',
    'en',
  ),
  unit('beishan', '北山区委组织部', 'Beishan District Organisation Department', 'district', 'city', '综合科 孙海涛'),
  unit('qinghe', '青河县委组织部', 'Qinghe County Organisation Department', 'county', 'city', '办公室 周红梅'),
  unit('shimen', '石门县委组织部', 'Shimen County Organisation Department', 'county', 'city', '办公室 吴国强'),
  unit('yunling', '云岭县委组织部', 'Yunling County Organisation Department', 'county', 'city', '办公室 郑丽娟'),
  unit(
    'hrss',
    '市人力资源和社会保障局',
    'Municipal Human Resources and Social Security Bureau',
    'unit',
    'city',
    '人事科 马文斌',
  ),
  unit('education', '市教育局', 'Municipal Education Bureau', 'unit', 'city', '人事科 黄晓燕'),
  unit('health', '市卫生健康委员会', 'Municipal Health Commission', 'unit', 'city', 'Personnel office, Lin Tao', 'en'),
  unit('market', '市市场监督管理局', 'Municipal Market Regulation Administration', 'unit', 'city', '人事科 何志勇'),
  unit(
    'housing',
    '市住房和城乡建设局',
    'Municipal Housing and Urban-Rural Development Bureau',
    'unit',
    'city',
    '人事科 罗静',
  ),
];

export type StaffRole = 'administrator' | 'coordinator' | 'supervisor' | 'unit_officer';

export interface DemoStaff {
  key: string;
  role: StaffRole;
  name: string;
  email: string;
  locale: 'zh-CN' | 'en';
  unit?: string;
  watches?: string[];
}

export const STAFF: readonly DemoStaff[] = [
  { key: 'admin', role: 'administrator', name: '王志远 Wang Zhiyuan', email: 'admin@demo.example.org', locale: 'en' },
  {
    key: 'coordinator',
    role: 'coordinator',
    name: '李卫东 Li Weidong',
    email: 'li.weidong@demo.example.org',
    locale: 'zh-CN',
  },
  {
    key: 'coordinator2',
    role: 'coordinator',
    name: 'Chen Jing 陈静',
    email: 'chen.jing@demo.example.org',
    locale: 'en',
  },
  {
    key: 'supervisor',
    role: 'supervisor',
    name: '张国华 Zhang Guohua',
    email: 'zhang.guohua@demo.example.org',
    locale: 'zh-CN',
    watches: ['dongcheng', 'xicheng', 'education'],
  },
  {
    key: 'supervisor2',
    role: 'supervisor',
    name: 'Liu Fang 刘芳',
    email: 'liu.fang@demo.example.org',
    locale: 'en',
    watches: ['qinghe', 'shimen', 'health'],
  },
  {
    key: 'officer_dongcheng',
    role: 'unit_officer',
    name: '刘建军 Liu Jianjun',
    email: 'officer.dongcheng@demo.example.org',
    locale: 'zh-CN',
    unit: 'dongcheng',
  },
  {
    key: 'officer_qinghe',
    role: 'unit_officer',
    name: '周红梅 Zhou Hongmei',
    email: 'officer.qinghe@demo.example.org',
    locale: 'zh-CN',
    unit: 'qinghe',
  },
  {
    key: 'officer_hrss',
    role: 'unit_officer',
    name: 'Ma Wenbin 马文斌',
    email: 'officer.hrss@demo.example.org',
    locale: 'en',
    unit: 'hrss',
  },
  {
    key: 'officer_health',
    role: 'unit_officer',
    name: '林涛 Lin Tao',
    email: 'officer.health@demo.example.org',
    locale: 'zh-CN',
    unit: 'health',
  },
];

/** Representatives on the register (NPC deputies, CPPCC members, ...), for the rounds' paper meetings. */
export const PEOPLE = [
  { name: '赵德明', affiliation: 'npc_deputy', locale: 'zh-CN' },
  { name: '钱秀英', affiliation: 'cppcc_member', locale: 'zh-CN' },
  { name: '孙立平', affiliation: 'employee_representative', locale: 'zh-CN' },
  { name: 'Li Na 李娜', affiliation: 'non_party', locale: 'en' },
  { name: '周文华', affiliation: 'public_representative', locale: 'zh-CN' },
  { name: '吴晓梅', affiliation: 'image_supervisor', locale: 'zh-CN' },
] as const;

/** What happens to a problem's rectification in the demo. */
export type Scenario =
  | 'confirmed'
  | 'relapsed'
  | 'passed'
  | 'redo'
  | 'no_quorum_then_open'
  | 'reported_done'
  | 'in_progress_overdue'
  | 'in_progress'
  | 'committed_overdue'
  | 'committed'
  | 'draft'
  | 'draft_empty'
  | 'passed_recently'
  | null;

export interface DemoProblem {
  key: string;
  unit: string;
  level: Level;
  category: Category;
  cadre?: string;
  zh: string;
  en: string;
  description: string;
  /** Relative share of the opinions. */
  weight: number;
  /** The first week opinions about it arrive (1-based). */
  firstWeek: number;
  /** A conduct rule (1..8 of the eight prohibitions) the opinions may name. */
  rule?: number;
  scenario: Scenario;
  /** Opinion bodies; {unit} is the unit's short name, {n} a number, {place} a place. */
  textZh: readonly string[];
  textEn: readonly string[];
  measures: ReadonlyArray<{ zh: string; owner: string }>;
}

export const PROBLEMS: readonly DemoProblem[] = [
  {
    key: 'selection',
    unit: 'hrss',
    level: 'unit',
    category: 'cadre_selection',
    zh: '干部选拔任用公示不充分、程序说明不清',
    en: 'Cadre appointments announced too briefly, procedure not explained',
    description:
      '多条意见反映公示期短、公示内容只有姓名职务，群众看不出选拔程序和依据。\nSeveral opinions say appointment notices are short and give only names and posts.',
    weight: 9,
    firstWeek: 1,
    rule: 4,
    scenario: 'confirmed',
    textZh: [
      '{unit}上次提拔副科级干部，公示只贴了{n}天，内容只有名字和职务，根本看不出是怎么选出来的。',
      '建议{unit}在干部任前公示里写明推荐、考察的过程和得票情况，现在的公示太简单了。',
      '听说{unit}这次人选在公示前就已经传开了，程序是不是走过场？',
      '干部选拔的民主推荐结果从来不公开，大家投了票也不知道结果怎样。',
    ],
    textEn: [
      'The appointment notice at {unit} was posted for only {n} days and listed nothing but names and posts.',
      'Please publish how candidates were nominated and assessed at {unit}; the current notices explain nothing.',
    ],
    measures: [
      { zh: '修订干部任前公示办法，公示期不少于5个工作日，写明推荐考察程序', owner: '干部科' },
      { zh: '民主推荐结果在一定范围内公开', owner: '干部科' },
      { zh: '在门户网站设立干部工作公开专栏', owner: '办公室' },
    ],
  },
  {
    key: 'counter_service',
    unit: 'hrss',
    level: 'unit',
    category: 'service',
    zh: '办事窗口一次性告知不到位，群众多次往返',
    en: 'Service counter does not say everything needed at once; people come back again and again',
    description:
      '办理档案转递、职称材料时，窗口没有一次性告知所需材料。\nAt the records and titles counters people are not told at once what they need to bring.',
    weight: 8,
    firstWeek: 1,
    rule: 6,
    scenario: 'reported_done',
    textZh: [
      '去{unit}办理档案转递，前后跑了{n}趟，每次都说少一份材料，为什么不能一次说清楚？',
      '{unit}窗口工作人员态度生硬，问多了就不耐烦，让我们回去等通知。',
      '建议{unit}把办事需要的材料清单贴在窗口，或者放到网上，少让群众跑腿。',
    ],
    textEn: [
      'I went to {unit} {n} times to transfer my personnel file; each time one more document was missing.',
      'The counter staff at {unit} could simply give a printed checklist. Nobody tells you everything at once.',
    ],
    measures: [
      { zh: '编制并公开办事材料一次性告知清单', owner: '政务服务科' },
      { zh: '推行首问负责制和限时办结制', owner: '政务服务科' },
    ],
  },
  {
    key: 'grassroots_burden',
    unit: 'city',
    level: 'organisation',
    category: 'work',
    zh: '向基层要材料、报表过多过频',
    en: 'Too many reports and forms demanded of the grassroots, too often',
    description:
      '乡镇、社区反映各类报表、台账重复报送，占用大量时间。\nTownships and communities report the same figures many times over.',
    weight: 10,
    firstWeek: 1,
    rule: 5,
    scenario: 'relapsed',
    textZh: [
      '我们社区一个月要报{n}张表，很多内容重复，组织部门能不能统一口径？',
      '上级检查就要台账，台账做得比工作本身还多，基层干部疲于应付。',
      '基层党建材料要求留痕，照片、签到、总结一样不能少，形式主义太重。',
      '乡镇组织委员反映，同一个数据市里、区里各要一次，格式还不一样。',
    ],
    textEn: [
      'Our township filled in {n} forms this month, most of them asking for the same numbers in different layouts.',
      'Community workers spend more time on photographs and sign-in sheets for inspections than on the work itself.',
    ],
    measures: [
      { zh: '清理规范向基层报送的报表，能合并的合并', owner: '组织科' },
      { zh: '建立统一的数据报送平台，一次采集多方共享', owner: '信息中心' },
      { zh: '检查考核不再以台账多少论成效', owner: '考核办' },
    ],
  },
  {
    key: 'training_form',
    unit: 'education',
    level: 'unit',
    category: 'work',
    zh: '干部培训内容陈旧、形式单一',
    en: 'Cadre training is out of date and all lectures',
    description:
      '培训以念稿为主，与业务结合不紧。\nTraining is mostly read-aloud lectures with little link to the work.',
    weight: 5,
    firstWeek: 2,
    scenario: 'passed',
    textZh: [
      '{unit}组织的培训班基本是念稿子，和我们日常业务关系不大。',
      '建议培训多安排案例教学和现场教学，少一些大课。',
      '同一门课今年已经听了{n}遍了，能不能换点新内容？',
    ],
    textEn: [
      'The training at {unit} was a lecturer reading slides for three days. Case studies would help far more.',
      'I have attended the same course {n} times. Please refresh the curriculum.',
    ],
    measures: [
      { zh: '调整培训课程，案例教学不少于三分之一', owner: '培训科' },
      { zh: '建立培训评估反馈制度', owner: '培训科' },
    ],
  },
  {
    key: 'village_cadres',
    unit: 'qinghe',
    level: 'unit',
    category: 'cadre_selection',
    zh: '村干部待遇保障落实不到位',
    en: 'Village cadres’ pay and insurance not delivered as promised',
    description:
      '部分村干部补贴发放滞后，养老保险未按政策缴纳。\nSome village cadres are paid late and their pension contributions are missing.',
    weight: 6,
    firstWeek: 2,
    scenario: 'redo',
    textZh: [
      '我们村干部的补贴已经拖了{n}个月没发了，{unit}说在走程序。',
      '政策说村干部可以参加养老保险，可我们村到现在都没办。',
      '{unit}对村干部重使用轻保障，干得多拿得少，年轻人都不愿意干。',
    ],
    textEn: [
      'Village cadres in our township have not been paid their allowance for {n} months.',
      'The pension scheme for village cadres exists on paper in {unit}, but nobody in our village has been enrolled.',
    ],
    measures: [
      { zh: '全面核查村干部补贴发放情况，限期补发', owner: '组织科' },
      { zh: '落实村干部养老保险参保', owner: '人社股' },
    ],
  },
  {
    key: 'office_hours',
    unit: 'dongcheng',
    level: 'unit',
    category: 'discipline',
    zh: '工作时间脱岗、玩游戏现象时有发生',
    en: 'Staff absent from their posts or playing games during work hours',
    description:
      '群众反映上班时间找不到人，有人在电脑上玩游戏。\nPeople find desks empty during office hours and staff playing computer games.',
    weight: 6,
    firstWeek: 1,
    rule: 8,
    scenario: 'no_quorum_then_open',
    textZh: [
      '下午三点去{unit}办事，办公室没人，打电话说在外面。',
      '亲眼看到{unit}有工作人员上班时间在电脑上打牌。',
      '{unit}有的同志上午十点才到，下午四点就走了。',
    ],
    textEn: [
      'I went to {unit} at 3 p.m. on a working day and found nobody at the desk for an hour.',
      'A staff member at {unit} was playing cards on the office computer while I waited.',
    ],
    measures: [
      { zh: '严格执行考勤制度，实行去向登记', owner: '办公室' },
      { zh: '开展作风纪律专项检查并通报', owner: '纪检组' },
    ],
  },
  {
    key: 'lunch_drinking',
    unit: 'shimen',
    level: 'unit',
    category: 'style',
    zh: '下乡检查接受吃请、中午饮酒',
    en: 'Inspectors accept meals and drink at lunch when visiting townships',
    description:
      '有意见反映检查组下乡时接受乡镇安排的午餐并饮酒。\nInspection teams are said to accept lunches with alcohol from the townships they inspect.',
    weight: 5,
    firstWeek: 2,
    rule: 2,
    scenario: 'in_progress_overdue',
    textZh: [
      '{unit}检查组来我们镇，中午在饭店吃饭还喝了酒，下午检查就走个过场。',
      '上级来检查，乡镇都要安排接待，这种风气什么时候能改？',
    ],
    textEn: [
      'When the {unit} inspection team visited our township they were taken to a restaurant and drank at lunch.',
    ],
    measures: [
      { zh: '下乡检查一律在食堂就餐、按标准交费', owner: '办公室' },
      { zh: '对违规饮酒问题开展专项整治', owner: '纪检组' },
    ],
  },
  {
    key: 'hospital_queues',
    unit: 'health',
    level: 'unit',
    category: 'service',
    zh: '医院干部保健和人事招聘信息不公开',
    en: 'Hospital recruitment and staffing decisions not made public',
    description:
      '市属医院招聘编外人员、内部岗位调整信息不透明。\nRecruitment of contract staff and internal moves at city hospitals are not announced.',
    weight: 5,
    firstWeek: 3,
    scenario: 'in_progress',
    textZh: [
      '{unit}下属医院招聘合同制护士，没有公开发布就招满了。',
      '医院科室主任调整从来不公开，职工都是事后才知道。',
    ],
    textEn: ['A hospital under {unit} filled {n} nursing posts without ever advertising them.'],
    measures: [
      { zh: '所属医院招聘信息统一在官网公开', owner: '人事科' },
      { zh: '中层岗位调整实行竞聘上岗', owner: '人事科' },
    ],
  },
  {
    key: 'gift_holidays',
    unit: 'market',
    level: 'unit',
    category: 'style',
    zh: '节日期间收受企业礼品礼金',
    en: 'Gifts accepted from businesses at festivals',
    description:
      '反映执法人员在春节、中秋期间收受企业礼品。\nEnforcement staff are said to accept gifts from businesses around Spring Festival and Mid-Autumn.',
    weight: 4,
    firstWeek: 3,
    rule: 3,
    scenario: 'committed_overdue',
    textZh: [
      '中秋节前{unit}的执法人员到店里检查，暗示要月饼和购物卡。',
      '企业逢年过节都要给{unit}的人送东西，不送就怕找麻烦。',
    ],
    textEn: [
      'Before the Mid-Autumn Festival an inspector from {unit} hinted that our shop should give him gift cards.',
    ],
    measures: [
      { zh: '节前开展廉洁提醒，公布举报电话', owner: '纪检组' },
      { zh: '建立执法人员廉洁档案', owner: '人事科' },
    ],
  },
  {
    key: 'housing_subsidy',
    unit: 'housing',
    level: 'unit',
    category: 'service',
    zh: '住房保障审核进度不透明',
    en: 'No way to see how far a housing application has got',
    description:
      '保障房申请提交后长期没有回音，无法查询进度。\nApplicants for affordable housing hear nothing for months and cannot check progress.',
    weight: 5,
    firstWeek: 4,
    scenario: 'committed',
    textZh: ['向{unit}申请公租房已经{n}个月了，打电话问只说在审核。', '建议{unit}开通保障房申请进度网上查询。'],
    textEn: [
      'I applied to {unit} for public rental housing {n} months ago and nobody can tell me where my application is.',
    ],
    measures: [
      { zh: '开通保障房申请进度网上查询', owner: '住房保障科' },
      { zh: '审核环节限时办结并告知申请人', owner: '住房保障科' },
    ],
  },
  {
    key: 'party_meetings',
    unit: 'dongcheng',
    level: 'unit',
    category: 'ideology',
    zh: '基层组织生活会批评与自我批评流于形式',
    en: 'Branch self-criticism meetings are a formality',
    description: '组织生活会上批评意见少、表扬多。\nAt branch meetings there is much praise and little criticism.',
    weight: 4,
    firstWeek: 4,
    scenario: 'draft',
    textZh: ['{unit}的组织生活会，大家互相说好话，没有真正的批评。', '民主评议党员每年都是优秀，看不出差别。'],
    textEn: ['At the branch meeting in {unit} everyone praised everyone else; nobody raised a real problem.'],
    measures: [
      { zh: '组织生活会前开展谈心谈话，列出问题清单', owner: '组织科' },
      { zh: '上级派员列席指导', owner: '组织科' },
    ],
  },
  {
    key: 'transfer_rules',
    unit: 'qinghe',
    level: 'unit',
    category: 'cadre_selection',
    zh: '干部交流轮岗不规范',
    en: 'Rotation of cadres between posts does not follow the rules',
    description: '有的干部在同一岗位任职超过十年未交流。\nSome cadres have held the same post for over ten years.',
    weight: 4,
    firstWeek: 3,
    scenario: 'committed',
    textZh: ['{unit}有的股长在一个岗位干了{n}年了，从来没有交流过。', '交流轮岗只交流普通干部，关键岗位反而不动。'],
    textEn: ['Some section chiefs in {unit} have held the same post for {n} years.'],
    measures: [
      { zh: '梳理关键岗位任职年限，制定交流计划', owner: '干部股' },
      { zh: '交流轮岗情况向社会公开', owner: '干部股' },
    ],
  },
  {
    key: 'appointment_leaks',
    unit: 'xicheng',
    level: 'unit',
    category: 'discipline',
    zh: '干部任免信息提前泄露',
    en: 'Appointments leaked before they are decided',
    description: '常委会研究前，人选名单已在社会上流传。\nLists of candidates circulate before the committee has met.',
    weight: 4,
    firstWeek: 2,
    rule: 4,
    scenario: 'draft_empty',
    textZh: [
      '{unit}这次调整干部，名单在常委会开会前一周就传出来了。',
      '有人到处打听干部调整的消息，组织部门要管一管。',
    ],
    textEn: ['The list of new appointments in {unit} was going round a week before the committee met.'],
    measures: [],
  },
  {
    key: 'assessment',
    unit: 'city',
    level: 'organisation',
    category: 'work',
    zh: '干部考核评价指标过多、结果运用不够',
    en: 'Cadre assessment has too many indicators and its results change nothing',
    description: '考核指标繁杂，结果与使用脱节。\nThe indicators are many and the results do not affect appointments.',
    weight: 5,
    firstWeek: 2,
    scenario: 'passed_recently',
    textZh: [
      '年度考核指标有{n}项之多，很多和实际工作无关。',
      '考核优秀和称职没什么区别，干好干坏一个样。',
      '建议考核多听服务对象的意见，少看材料。',
    ],
    textEn: [
      'The annual assessment has {n} indicators; being rated excellent changes nothing.',
      'Assessment should ask the people we serve, not count our reports.',
    ],
    measures: [
      { zh: '精简考核指标', owner: '考核办' },
      { zh: '考核结果与评先评优、选拔任用挂钩', owner: '干部科' },
    ],
  },
  {
    key: 'petition_reply',
    unit: 'yunling',
    level: 'unit',
    category: 'service',
    zh: '来信来访答复不及时',
    en: 'Letters and visits are answered late or not at all',
    description: '来信超过规定期限未答复。\nLetters go unanswered past the time limit.',
    weight: 4,
    firstWeek: 3,
    scenario: null,
    textZh: ['我{n}个月前给{unit}写信反映问题，到现在没有任何回复。', '信访答复都是套话，问题没有解决。'],
    textEn: ['I wrote to {unit} {n} months ago and have had no reply.'],
    measures: [],
  },
  {
    key: 'young_cadres',
    unit: 'city',
    level: 'organisation',
    category: 'cadre_selection',
    zh: '年轻干部成长渠道不畅',
    en: 'Young cadres have few ways to grow',
    description: '年轻干部反映晋升通道窄、基层锻炼机会少。\nYoung cadres say promotion paths are narrow.',
    weight: 4,
    firstWeek: 4,
    scenario: null,
    textZh: ['年轻干部在机关坐了{n}年，没有下基层锻炼的机会。', '论资排辈现象还比较严重，年轻人看不到希望。'],
    textEn: ['Young officers stay at their desks for {n} years without a chance to work in a township.'],
    measures: [],
  },
  {
    key: 'beishan_style',
    unit: 'beishan',
    level: 'unit',
    category: 'style',
    zh: '下基层调研走过场',
    en: 'Field visits are staged and hurried',
    description:
      '调研只看点、不看面，听汇报多、访群众少。\nVisits look at showcase sites and listen to reports, not to people.',
    weight: 4,
    firstWeek: 5,
    scenario: null,
    textZh: ['{unit}来调研，看了{n}个示范点就走了，没有和群众说一句话。', '调研都是提前安排好的路线，看到的都是好的。'],
    textEn: ['The {unit} team visited {n} showcase sites and left without speaking to a single resident.'],
    measures: [],
  },
  {
    key: 'nanhu_cadre',
    unit: 'nanhu',
    level: 'individual',
    category: 'style',
    cadre: '张某某（化名）',
    zh: '某科长对基层刁难、办事拖拉',
    en: 'A section chief obstructs township requests',
    description:
      '多人反映该科长对乡镇报送事项一拖再拖。\nSeveral people say the section chief sits on requests from the townships.',
    weight: 3,
    firstWeek: 3,
    rule: 6,
    scenario: null,
    textZh: ['{unit}某科长对乡镇报上去的材料一拖就是{n}周，催了还不高兴。', '那位科长说话很冲，基层同志都怕去找他。'],
    textEn: ['A section chief at {unit} has held our township’s request for {n} weeks.'],
    measures: [],
  },
  {
    key: 'shimen_cadre',
    unit: 'shimen',
    level: 'individual',
    category: 'discipline',
    cadre: '李某（化名）',
    zh: '某干部参与赌博',
    en: 'A cadre reported to gamble',
    description: '反映某干部经常在棋牌室打牌赌钱。\nA cadre is said to gamble in a card room.',
    weight: 2,
    firstWeek: 5,
    rule: 7,
    scenario: null,
    textZh: ['{unit}有一名干部经常晚上在棋牌室打牌，输赢很大。'],
    textEn: ['An official from {unit} gambles for high stakes at a card room most evenings.'],
    measures: [],
  },
  {
    key: 'openness',
    unit: 'city',
    level: 'organisation',
    category: 'work',
    zh: '组织工作公开程度不够',
    en: 'Organisation work is not open enough',
    description:
      '群众不了解组织部门的职责和办事程序。\nPeople do not know what the department does or how to deal with it.',
    weight: 5,
    firstWeek: 1,
    scenario: null,
    textZh: [
      '组织部在哪里办公、办什么事，老百姓都不知道。',
      '建议组织部门开放日，让群众了解组织工作。',
      '组织部门的网站{n}个月没有更新了。',
    ],
    textEn: [
      'Ordinary people have no idea what the organisation department does or where to find it.',
      'The department’s website has not been updated for {n} months.',
    ],
    measures: [],
  },
];

/** Opinions that are not about any common problem: kept, set aside as not actionable, or still unsorted. */
export const LOOSE_ZH = [
  '希望组织部门多关心退休老干部的生活。',
  '我们小区门口的路灯坏了很久了，希望有关部门修一修。',
  '感谢组织部门开展这次活动，听取群众意见的做法很好。',
  '建议把征求意见的时间延长一些，很多人还不知道。',
  '楼下广场舞噪音太大，晚上十点还不停。',
  '希望加强对青年干部的理想信念教育。',
  '菜市场的价格太高了。',
  '建议机关食堂向周边群众开放。',
];
export const LOOSE_EN = [
  'Thank you for asking the public; I hope this continues after the campaign.',
  'The street lights outside our building have been broken for weeks.',
  'Please extend the consultation period; many people have not heard of it.',
  'Retired cadres would appreciate more contact from the department.',
  'Bus number 12 is always late in the morning.',
];

export const NOT_ACTIONABLE_REASONS = [
  '不属于本次活动征求意见的范围，已转交有关部门。',
  '反映的是城市管理问题，已转市城管局处理。',
  '内容过于笼统，无法核实，欢迎补充具体情况。',
  'Outside the campaign’s remit; passed on to the city’s general hotline.',
];

export const DUPLICATE_REASONS = [
  '与同一来信人此前提交的意见内容相同。',
  '同一事项的重复反映，已合并处理。',
  'The same person sent the same opinion twice.',
];

export const OPENERS_ZH = [
  '',
  '',
  '我想反映一个情况：',
  '作为一名基层干部，',
  '听说这次活动听取群众意见，',
  '我是一名普通群众，',
  '反映一个问题。',
];
export const CLOSERS_ZH = ['', '', '希望认真整改。', '请组织部门重视。', '希望这次不要走过场。', '谢谢！', '盼回复。'];
export const OPENERS_EN = [
  '',
  '',
  'I would like to raise something. ',
  'As a township official, ',
  'Since you are asking for opinions: ',
];
export const CLOSERS_EN = ['', '', ' I hope this will be fixed.', ' Please look into it.', ' Thank you.'];

export const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '高',
  '林',
  '罗',
];
export const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '涛',
  '明',
  '超',
  '秀英',
  '建华',
  '国庆',
  '海燕',
];
export const PLACES_ZH = [
  '东城区和平街道',
  '西城区新华社区',
  '南湖区滨湖镇',
  '北山区石桥乡',
  '青河县城关镇',
  '石门县石门镇',
  '云岭县云岭乡',
];
export const LEADERS = ['市委常委、组织部长 欧阳明', '市委副书记 戴建国', '组织部副部长 钟敏'];
export const DEPARTMENTS = ['市纪委监委', '市委巡察办', '市审计局', '市信访局'];
export const MEETINGS = ['机关干部座谈会', '民主生活会', '乡镇组织委员座谈会', '离退休干部座谈会'];
