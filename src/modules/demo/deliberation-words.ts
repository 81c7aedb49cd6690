/**
 * What the demo street deliberated over the past year (有事大家议): each topic as a resident put it,
 * what the meeting decided, who carried it out and what they wrote when it was done, and how the
 * neighbours rated it. Pure text and small numbers; deliberation.ts turns it into a timeline.
 */

/** Who carries out an action item: a demo account by its part, or a team or unit by name only. */
export type OwnerPart =
  'manager' | 'chair' | 'viceChair' | 'staff' | 'gridLeader' | 'squadLeader' | 'secretary2';

export interface ActionWords {
  title: string;
  owner: OwnerPart | { name: string };
  /** Due this many days after the decision. */
  dueDays: number;
  /** Done this many days after the decision; absent: still open. */
  doneDays?: number;
  note?: string;
}

export type Where = 'fenghua' | 'nanshi' | 'shanxi';

export interface TopicWords {
  where: Where;
  /** Index of the building in its compound, when the topic is about one. */
  building?: number;
  category: string;
  title: string;
  body: string;
  placeText: string | null;
  /** Default: a resident raised it in the app. staff: raised at the desk for an elder with no phone. */
  raisedBy?: 'staff' | 'tenant' | 'order';
  supports: number;
  comments: string[];
  /** The meeting that decided it (or will discuss it), by key. */
  meeting?: string;
  /** A meeting that put it off to the next one (另行研究). */
  deferredAt?: string;
  /** Raised this many days before its meeting, or this many days ago when it has none. */
  raisedDays: number;
  decision?: { text: string; votes?: [number, number, number]; followUp?: 'assembly_matter' };
  actions?: ActionWords[];
  ratings?: (number | [number, string])[];
  /** A neighbour's word once it was done. */
  thanks?: string;
  declined?: string;
}

export interface MeetingWords {
  key: string;
  where: Where;
  type: 'joint' | 'after_dinner';
  /** Days from now (negative: past). */
  day: number;
  /** For an after-dinner meeting: what it is about. */
  subject?: string;
  /** A co-build unit invited for the day's topics, by name. */
  cobuild?: string;
  /** Why the deferred item was put off, for the minutes. */
  deferral?: string;
}

const power = '国网湘江供电服务站（演示）';

export const meetingWords: MeetingWords[] = [
  ...[-330, -297, -264, -231, -198, -165, -132, -99, -66, -33].map((day, i): MeetingWords => ({
    key: `F${i + 1}`,
    where: 'fenghua',
    type: 'joint',
    day,
    ...(i === 1 || i === 2 ? { cobuild: power } : {}),
    ...(i === 5
      ? { deferral: '物业公司需按公司财务制度核算公共收益口径，本议题另行研究，下次联席会议再议。' }
      : {}),
  })),
  { key: 'F11', where: 'fenghua', type: 'joint', day: 7 },
  { key: 'FE1', where: 'fenghua', type: 'after_dinner', day: -210, subject: '广场舞的时间和音量' },
  { key: 'FE2', where: 'fenghua', type: 'after_dinner', day: -80, subject: '文明养犬' },
  { key: 'N1', where: 'nanshi', type: 'after_dinner', day: -290, subject: '临街商铺占道和油烟' },
  { key: 'N2', where: 'nanshi', type: 'after_dinner', day: -170, subject: '地下车库积水' },
  { key: 'N3', where: 'nanshi', type: 'after_dinner', day: -50, subject: '市场凌晨卸货噪音' },
  { key: 'N4', where: 'nanshi', type: 'after_dinner', day: -16, subject: '大门口共享单车乱停' },
  { key: 'X1', where: 'shanxi', type: 'after_dinner', day: -120, subject: '垃圾清运和楼道照明' },
];

export const topicWords: TopicWords[] = [
  // ---- 枫华家园: fifteen done through the monthly 联席会议 and two 晚饭后议事
  {
    where: 'fenghua',
    building: 2,
    category: 'safety',
    title: '3栋2单元楼道堆满杂物，堵了消防通道',
    body: '3栋2单元一到三楼的楼道里堆了旧家具、纸箱和腌菜坛子，晚上看不清容易绊倒，消防检查也说过是隐患，希望统一清理。',
    placeText: '3栋2单元一至三楼楼道',
    supports: 8,
    comments: ['我家就在三楼，晚上下楼好几次差点绊倒。', '清理完了要有人管，不然过两个月又堆起来了。'],
    meeting: 'F1',
    raisedDays: 16,
    decision: {
      text: '由湘楚物业牵头、3栋党小组配合开展楼道清理：先张贴告示、入户劝导，一周后仍未搬离的杂物由物业统一清运；此后物业每月巡查一次楼道。',
    },
    actions: [
      {
        title: '张贴清理告示，统一清运逾期未搬离的杂物',
        owner: 'manager',
        dueDays: 14,
        doneDays: 9,
        note: '已清运旧家具9件、纸箱杂物约两车，3栋2单元楼道已畅通。',
      },
      {
        title: '入户劝导住户自行搬离楼道杂物',
        owner: 'squadLeader',
        dueDays: 10,
        doneDays: 6,
        note: '走访3栋2单元18户，16户自行搬离，2户老人由志愿者帮忙搬运。',
      },
    ],
    ratings: [5, [5, '楼道终于通了，谢谢志愿者帮我家老人搬东西。'], 4],
    thanks: '现在楼道干干净净的，点个赞！',
  },
  {
    where: 'fenghua',
    category: 'parking',
    title: '晚上车辆乱停，消防通道经常被堵',
    body: '每天晚上七点以后，小区主干道两边和消防通道上都停满了车，上个月救护车进来绕了好久才到9栋。希望规划停车位，管一管外来车辆。',
    placeText: '小区主干道及消防通道',
    supports: 16,
    comments: [
      '外来车辆太多了，门口根本没人拦。',
      '中心花园旁边那块空地能不能利用起来停车？',
      '消防通道是救命通道，必须管。',
    ],
    meeting: 'F1',
    raisedDays: 21,
    decision: {
      text: '物业在主干道一侧施划停车位42个，消防通道施划黄色禁停网格线；外来车辆登记后方可入内；帮帮快递先锋队第一分队开展为期一个月的夜间巡查劝导。',
    },
    actions: [
      {
        title: '施划停车位和消防通道禁停标线',
        owner: 'manager',
        dueDays: 21,
        doneDays: 12,
        note: '已施划停车位42个、禁停网格线3处，出入口张贴告示。',
      },
      {
        title: '夜间巡查劝导占道停车',
        owner: 'squadLeader',
        dueDays: 35,
        doneDays: 31,
        note: '连续巡查30晚，劝离占用消防通道车辆67台次，消防通道保持畅通。',
      },
    ],
    ratings: [5, 4, 4, [3, '车位还是不够，不过消防通道总算通了。']],
  },
  {
    where: 'fenghua',
    building: 7,
    category: 'facilities',
    title: '中心花园到8栋的路灯坏了三盏',
    body: '中心花园往8栋去的小路上有三盏路灯一个多月没亮了，晚上老人散步、孩子放学回家都摸黑走，上周还有人在台阶那里摔了一跤。',
    placeText: '中心花园至8栋小路',
    supports: 11,
    comments: ['我妈就是在那摔的，赶紧修吧。', '顺便看看7栋那边，有一盏也是忽明忽暗。'],
    meeting: 'F2',
    raisedDays: 18,
    decision: {
      text: '物业一周内更换损坏灯具；因线路老化，邀请共建单位国网湘江供电服务站检修线路，费用从小区公共收益中列支。',
    },
    actions: [
      {
        title: '更换中心花园至8栋小路损坏路灯',
        owner: 'manager',
        dueDays: 7,
        doneDays: 4,
        note: '已更换LED路灯3盏，7栋旁闪烁的一盏一并更换。',
      },
      {
        title: '检修中心花园路灯老化线路',
        owner: { name: `${power} 罗站长` },
        dueDays: 30,
        doneDays: 18,
        note: '更换老化电缆约60米，线路绝缘检测合格。',
      },
    ],
    ratings: [5, 5, [5, '晚上散步亮堂多了。'], 4],
  },
  {
    where: 'fenghua',
    category: 'environment',
    title: '北门垃圾站垃圾满溢，分类桶不够用',
    body: '北门垃圾站只有4个桶，每天下午就装满了，垃圾堆在地上，天热气味很大，还招老鼠。分类桶的标识也旧得看不清，希望加桶、多清运几次。',
    placeText: '北门垃圾站',
    supports: 9,
    comments: ['傍晚路过那里都要捂鼻子。', '分类标识换个大点的，老人看得清。'],
    meeting: 'F2',
    raisedDays: 13,
    decision: {
      text: '物业增设分类垃圾桶8个并更新分类标识；清运由每日一次调整为早晚两次；枫华家园环保卫生服务队开展两周桶边督导。',
    },
    actions: [
      {
        title: '增设分类垃圾桶、更新标识并调整清运频次',
        owner: 'manager',
        dueDays: 14,
        doneDays: 6,
        note: '新增分类桶8个、更换标识牌4块，清运调整为每日7:00、18:00两次。',
      },
      {
        title: '桶边值守督导垃圾分类',
        owner: { name: '枫华家园环保卫生服务队' },
        dueDays: 21,
        doneDays: 16,
        note: '志愿者桶边值守14天，发放垃圾分类指南600份。',
      },
    ],
    ratings: [4, 4, 5],
  },
  {
    where: 'fenghua',
    category: 'safety',
    title: '电动车飞线充电、进楼充电太危险',
    body: '好几栋都有人从窗户拉电线下来给电动车充电，还有人把电瓶拎回家充。前段时间外地小区电动车起火的新闻大家都看了，很担心。希望小区建个集中充电的地方。',
    placeText: '全小区',
    supports: 22,
    comments: [
      '强烈支持！我们单元楼道里天天有人充电。',
      '充电桩收费要合理，不然大家还是会拉线。',
      '车棚建在哪里要征求大家意见。',
    ],
    meeting: 'F3',
    raisedDays: 19,
    decision: {
      text: '先在北门内临时增设电动自行车充电桩12个，由共建单位国网湘江供电服务站支持安装；网格员、物业联合劝导拆除飞线；禁止进楼入户充电需修改管理规约，建设集中充电车棚涉及改变共有部分用途，由业委会拟定方案提交业主大会依法表决。',
      followUp: 'assembly_matter',
    },
    actions: [
      {
        title: '北门内临时增设电动自行车充电桩12个',
        owner: { name: `${power} 罗站长` },
        dueDays: 30,
        doneDays: 21,
        note: '北门内12个充电桩已安装通电，扫码充电每小时0.5元。',
      },
      {
        title: '排查并劝导拆除飞线充电',
        owner: 'gridLeader',
        dueDays: 30,
        doneDays: 14,
        note: '排查第一网格1至4栋，劝导拆除飞线充电11处；其他网格由网格员同步排查。',
      },
      {
        title: '拟定管理规约修改条款和集中充电车棚方案',
        owner: 'viceChair',
        dueDays: 250,
        doneDays: 239,
        note: '管理规约修改条款和北门车棚方案已定稿，提交业主大会表决。',
      },
    ],
    ratings: [5, [5, '楼下终于没有拉线充电的了。'], 4, 4, 5],
  },
  {
    where: 'fenghua',
    building: 6,
    category: 'environment',
    title: '7栋前的香樟树太高，一二楼常年晒不到太阳',
    body: '7栋前面那排香樟树已经长过四楼了，一二楼家里白天都要开灯，衣服晒不干，墙面返潮发霉。不是要砍树，希望修剪一下。',
    placeText: '7栋南侧绿化带',
    supports: 6,
    comments: ['修剪就好，树还是要留着，夏天遮阴。'],
    meeting: 'F4',
    raisedDays: 15,
    decision: { text: '物业联系园林公司对7栋前香樟树进行修剪，以不影响低层采光为准，保留树冠，不砍树。' },
    actions: [
      {
        title: '修剪7栋前香樟树',
        owner: 'manager',
        dueDays: 21,
        doneDays: 10,
        note: '修剪香樟树5棵、清理枯枝，一二楼采光明显改善。',
      },
    ],
    ratings: [5, 4],
  },
  {
    where: 'fenghua',
    category: 'safety',
    title: '北门门禁坏了，外来人员随意进出',
    body: '北门的门禁坏了快一个月，门一直敞着，推销的、发广告的随便进，前几天还有电动车电瓶被偷。',
    placeText: '北门',
    supports: 12,
    comments: ['电瓶被偷的就是我家，报了警还没找到。', '晚上也要多巡逻。'],
    meeting: 'F4',
    raisedDays: 20,
    decision: { text: '物业更换北门门禁控制器，为未登记住户补办门禁卡；安全巡逻服务队夜间增加一次巡逻。' },
    actions: [
      {
        title: '更换北门门禁控制器并补办门禁卡',
        owner: 'manager',
        dueDays: 14,
        doneDays: 9,
        note: '更换门禁控制器1台，补办门禁卡138张。',
      },
      {
        title: '夜间加密巡逻',
        owner: { name: '枫华家园安全巡逻服务队' },
        dueDays: 30,
        doneDays: 27,
        note: '夜间增加23:00一次巡逻，一个月内未再发生电瓶被盗。',
      },
    ],
    ratings: [4, 4, [3, '补办门禁卡排队太久了。']],
  },
  {
    where: 'fenghua',
    category: 'facilities',
    title: '中心花园健身器材坏了好几件',
    body: '中心花园的漫步机和扭腰器有三件已经坏了，螺丝松动、扶手断裂，老人和小孩在上面玩很危险。',
    placeText: '中心花园',
    supports: 7,
    comments: ['先把坏的拆了或者围起来，别伤到孩子。'],
    meeting: 'F5',
    raisedDays: 14,
    decision: { text: '物业先行拆除损坏器材并设置警示；社区向街道申请全民健身器材更新。' },
    actions: [
      {
        title: '拆除损坏健身器材并设置警示',
        owner: 'manager',
        dueDays: 5,
        doneDays: 2,
        note: '已拆除损坏器材3件，设置警示围挡。',
      },
      {
        title: '向街道申请全民健身器材更新',
        owner: 'staff',
        dueDays: 60,
        doneDays: 45,
        note: '街道已批复，新健身器材8件已安装验收。',
      },
    ],
    ratings: [5, 5, [5, '新器材很好用，谢谢社区。']],
  },
  {
    where: 'fenghua',
    building: 9,
    category: 'safety',
    title: '10栋有人往楼下扔垃圾，差点砸到人',
    body: '10栋2单元楼下经常有从楼上扔下来的垃圾袋、烟头，昨天一个矿泉水瓶差点砸到楼下玩的小孩。',
    placeText: '10栋2单元楼下',
    supports: 14,
    comments: ['太危险了，必须查出来。', '装个摄像头对着楼上拍。'],
    meeting: 'F5',
    raisedDays: 17,
    decision: {
      text: '物业在10栋前加装高空抛物监控摄像头2个；枫华家园第二党支部组织党员入户宣传《民法典》关于高空抛物的规定。',
    },
    actions: [
      {
        title: '加装高空抛物监控摄像头',
        owner: 'manager',
        dueDays: 21,
        doneDays: 12,
        note: '已在10栋前安装高空抛物摄像头2个，接入物业监控室。',
      },
      {
        title: '入户宣传高空抛物法律规定',
        owner: { name: '枫华家园第二党支部' },
        dueDays: 21,
        doneDays: 15,
        note: '党员入户宣传10栋全部住户，发放告知书86份。',
      },
    ],
    ratings: [5, 4, 5],
  },
  {
    where: 'fenghua',
    building: 5,
    category: 'facilities',
    raisedBy: 'staff',
    title: '6栋老人多，希望楼道装上扶手',
    body: '我在6栋住了快三十年，楼里大多是七八十岁的老人，上下楼全靠扶墙，腿脚不好的几个月都下不了一次楼。希望在楼道里装上扶手。',
    placeText: '6栋各单元楼道',
    supports: 9,
    comments: ['我爸也住6栋，装了扶手他就敢自己下楼了。'],
    meeting: 'F6',
    raisedDays: 12,
    decision: {
      text: '由枫华家园第一党支部组织党员志愿者施工，物业提供材料，为6栋各单元一至六楼楼道加装扶手。',
    },
    actions: [
      {
        title: '为6栋各单元楼道加装扶手',
        owner: 'squadLeader',
        dueDays: 30,
        doneDays: 20,
        note: '6栋两个单元一至六楼加装不锈钢扶手共96米。',
      },
    ],
    ratings: [5, 5, [5, '老人家说现在下楼踏实多了。']],
  },
  {
    where: 'fenghua',
    building: 8,
    category: 'neighbours',
    title: '中心花园广场舞音响太吵',
    body: '每天晚上七点到九点半，中心花园的广场舞音响开得很大，9栋、10栋的老人睡不好，孩子也没法安心写作业。不是反对跳舞，希望声音小一点、早点散场。',
    placeText: '中心花园',
    supports: 10,
    comments: ['跳舞是锻炼身体，大家互相体谅，定个时间就好。', '九点半太晚了，能不能八点半结束？'],
    meeting: 'FE1',
    raisedDays: 13,
    decision: {
      text: '经舞蹈队与周边住户当面协商：跳舞时间调整为19:00至20:30，音量控制在60分贝以下，舞蹈队改用小音箱；矛盾调处服务队回访一个月。',
      votes: [31, 2, 3],
    },
    actions: [
      {
        title: '回访广场舞时间和音量约定执行情况',
        owner: { name: '枫华家园矛盾调处服务队' },
        dueDays: 35,
        doneDays: 31,
        note: '回访一个月，约定执行良好，噪音投诉由每周5起降为0。',
      },
    ],
    ratings: [5, 4, 4, [5, '双方各让一步，挺好的。']],
  },
  {
    where: 'fenghua',
    category: 'neighbours',
    title: '遛狗不牵绳，狗粪没人清理',
    body: '小区里遛狗不牵绳的越来越多，大狗追着小孩跑，草坪和步道上到处是狗粪，早上散步一不小心就踩到。',
    placeText: '中心花园及草坪',
    supports: 8,
    comments: ['养狗的大多数还是文明的，个别人要管管。', '建议设几个拾便袋箱。'],
    meeting: 'FE2',
    raisedDays: 11,
    decision: {
      text: '制定《枫华家园文明养犬公约》，在中心花园和南门设置宠物拾便箱；业委会牵头宣传，养犬户签订承诺书。',
      votes: [24, 1, 2],
    },
    actions: [
      {
        title: '制定文明养犬公约并组织养犬户签订承诺书',
        owner: 'viceChair',
        dueDays: 30,
        doneDays: 22,
        note: '公约已张贴各单元，52户养犬户签订承诺书。',
      },
      {
        title: '设置宠物拾便箱',
        owner: 'manager',
        dueDays: 14,
        doneDays: 7,
        note: '中心花园、南门各设置宠物拾便箱1个，免费提供拾便袋。',
      },
    ],
    ratings: [4, 4, 5],
  },
  {
    where: 'fenghua',
    category: 'property',
    title: '希望物业公开停车费、广告费等公共收益',
    body: '小区单元门广告、道闸停车费每年收入不少，但从来没看到过账目。按规定公共收益属于全体业主，希望物业定期公示收支。',
    placeText: null,
    supports: 19,
    comments: ['这个早就该公开了。', '公示了大家交物业费也放心。', '希望业委会把好关。'],
    deferredAt: 'F6',
    meeting: 'F7',
    raisedDays: 48,
    decision: {
      text: '湘楚物业自本季度起每季度在各单元公告栏公示公共收益收支明细，业委会负责审核，年底向业主大会报告。',
    },
    actions: [
      {
        title: '每季度公示公共收益收支明细',
        owner: 'manager',
        dueDays: 45,
        doneDays: 30,
        note: '本季度公共收益收支明细已在各单元公告栏公示。',
      },
      {
        title: '审核公共收益收支明细',
        owner: 'viceChair',
        dueDays: 50,
        doneDays: 36,
        note: '业委会已审核，账目无异议。',
      },
    ],
    ratings: [4, [5, '看到账目了，心里有数。'], [3, '明细还可以再细一点。']],
  },
  {
    where: 'fenghua',
    building: 11,
    category: 'facilities',
    title: '12栋公共下水管老化，一楼经常返水',
    body: '12栋1单元的公共排水管用了快三十年，楼上一放水一楼就返水，卫生间地漏往外冒污水，一个月疏通了三次还是不行。',
    placeText: '12栋1单元',
    supports: 5,
    comments: ['二楼也有味道，希望一起看看。'],
    meeting: 'F7',
    raisedDays: 12,
    decision: { text: '物业更换12栋1单元公共排水立管老化管段，一楼加装止回阀；施工前三天张贴停水通知。' },
    actions: [
      {
        title: '更换12栋1单元排水立管并加装止回阀',
        owner: 'manager',
        dueDays: 30,
        doneDays: 16,
        note: '更换立管18米，一楼加装止回阀3个，回访两周未再返水。',
      },
    ],
    ratings: [5, 5, 4],
    thanks: '这回彻底不返水了，谢谢物业师傅。',
  },
  {
    where: 'fenghua',
    category: 'facilities',
    title: '中心花园没地方坐，老人走累了只能站着',
    body: '中心花园只有两张长椅，早上晚上散步的老人多，走累了没地方歇脚，只能坐在花坛边上。',
    placeText: '中心花园',
    supports: 13,
    comments: ['带孙子出来也想有个地方坐。'],
    meeting: 'F8',
    raisedDays: 16,
    decision: { text: '物业在中心花园增设石凳6张、在8栋旁增设木质长椅2张，费用从小区公共收益中列支。' },
    actions: [
      {
        title: '增设石凳和长椅',
        owner: 'manager',
        dueDays: 30,
        doneDays: 19,
        note: '中心花园增设石凳6张、8栋旁增设长椅2张。',
      },
    ],
    ratings: [5, 5, [5, '现在早上下棋的都有地方坐了。'], 4],
  },

  // ---- 枫华家园: decided, actions under way (one running late)
  {
    where: 'fenghua',
    building: 10,
    category: 'facilities',
    title: '11栋顶楼一下雨就漏水，墙面全发霉了',
    body: '11栋3单元顶楼每逢下雨天花板就往下滴水，墙皮一块块掉，家具都泡坏了。物业来补过两次，过不了多久又漏。',
    placeText: '11栋3单元顶楼',
    supports: 6,
    comments: ['我们2单元顶楼也漏，希望整栋一起修。'],
    meeting: 'F9',
    raisedDays: 14,
    decision: {
      text: '物业先勘查11栋屋面漏点并出具维修方案；屋面防水层整体翻新，按规定申请使用专项维修资金，施工避开雨天。',
    },
    actions: [
      {
        title: '勘查11栋屋面漏点并出具维修方案',
        owner: 'manager',
        dueDays: 10,
        doneDays: 7,
        note: '勘查发现屋面防水层老化开裂6处，维修方案已报业委会。',
      },
      { title: '11栋屋面防水层翻新施工', owner: 'manager', dueDays: 56 },
    ],
  },
  {
    where: 'fenghua',
    building: 4,
    category: 'facilities',
    title: '5栋1单元想加装电梯',
    body: '5栋1单元住了不少七十岁以上的老人，每天爬六楼太难了。听说现在老楼加装电梯有补贴，希望社区帮我们牵个头。',
    placeText: '5栋1单元',
    supports: 9,
    comments: ['一楼二楼的意见也要听一听，采光和噪音会有影响。', '补贴政策能不能请街道来讲一讲？'],
    meeting: 'F10',
    raisedDays: 17,
    decision: {
      text: '按照自愿原则推进：由业委会组织5栋1单元业主征求意见，须经本单元专有部分面积和人数均占三分之二以上的业主参与表决，并经参与表决的四分之三以上同意；社区对接街道了解加装电梯补贴政策并向业主说明。',
    },
    actions: [
      { title: '组织5栋1单元业主征求加装电梯意见', owner: 'viceChair', dueDays: 60 },
      {
        title: '对接街道加装电梯补贴政策并向业主说明',
        owner: 'staff',
        dueDays: 20,
        doneDays: 12,
        note: '已请街道城管办到5栋1单元宣讲补贴政策，发放政策问答。',
      },
    ],
  },

  // ---- 枫华家园: on next week's 联席会议, waiting for supports, and one declined
  {
    where: 'fenghua',
    category: 'parking',
    title: '上学放学时段南门接送车辆堵门',
    body: '每天早上七点半和下午四点半，南门外接送孩子的车停了一长串，小区里的车出不去，外面的车进不来，还发生过剐蹭。',
    placeText: '南门',
    supports: 11,
    comments: ['能不能错峰，或者让接送车停到路对面。', '早上上班出不了门，太急人了。'],
    meeting: 'F11',
    raisedDays: 20,
  },
  {
    where: 'fenghua',
    building: 12,
    category: 'safety',
    title: '小区监控有盲区，电动车被偷了两台',
    body: '13栋和14栋之间的车棚没有监控，这个月已经丢了两台电动车，报警后调监控才发现根本拍不到。',
    placeText: '13栋、14栋之间车棚',
    supports: 7,
    comments: ['车棚的灯也坏了，晚上黑漆漆的。'],
    meeting: 'F11',
    raisedDays: 16,
  },
  {
    where: 'fenghua',
    category: 'other',
    raisedBy: 'tenant',
    title: '希望小区里设置快递柜',
    body: '现在快递都放在门口小卖部，经常拿错、丢件，上班族晚上回来小卖部已经关门了。希望在南门或北门设置智能快递柜。',
    placeText: '南门或北门',
    supports: 6,
    comments: ['支持，上次我的快递就被人拿错了。', '快递柜别收太贵的超时费。'],
    raisedDays: 12,
  },
  {
    where: 'fenghua',
    category: 'other',
    title: '希望小区开个老年助餐点',
    body: '小区里独居和空巢老人多，很多人一个人懒得做饭，经常一碗面条对付。希望在党群服务站附近开个老年助餐点，中午能吃上一口热饭。',
    placeText: '党群服务站附近',
    supports: 13,
    comments: [
      '我家老人也需要，价格实惠点就好。',
      '可以请共建单位或者社会组织来运营。',
      '我愿意做志愿者帮忙送餐。',
    ],
    raisedDays: 9,
  },
  {
    where: 'fenghua',
    category: 'property',
    title: '要求物业出钱给各户更换防盗门',
    body: '我们单元好几户的防盗门用了二十多年，锁都不好用了，物业收了物业费，应该给大家统一换新门。',
    placeText: null,
    supports: 2,
    comments: ['防盗门是自己家的吧？'],
    raisedDays: 40,
    declined:
      '防盗门属于业主专有部分，维修更换由业主自行负责，不属于公共事务议题；需要维修开锁的住户可在“求助”中下单，由志愿者或物业上门服务。',
  },

  // ---- 南市街小区: four done at 晚饭后议事, one decided
  {
    where: 'nanshi',
    building: 0,
    category: 'neighbours',
    title: '临街商铺把货摆到人行道上，居民出行不便',
    body: '南市街一侧的商铺把货架、纸箱摆到了人行道上，推婴儿车、坐轮椅的只能走到马路上，很危险。',
    placeText: '南市街临街人行道',
    supports: 7,
    comments: ['做生意可以理解，但人行道要留出来。', '商户其实也愿意配合，关键是定个规矩。'],
    meeting: 'N1',
    raisedDays: 15,
    decision: {
      text: '临街商户签订《门前三包承诺书》，货物不出店门线；南市街小区党支部联合商户志愿服务队每周巡查一次。',
      votes: [18, 0, 2],
    },
    actions: [
      {
        title: '组织临街商户签订门前三包承诺书',
        owner: { name: '南市街小区党支部' },
        dueDays: 21,
        doneDays: 12,
        note: '24家临街商户全部签订承诺书，人行道上的货物已清出。',
      },
      {
        title: '每周巡查临街人行道',
        owner: { name: '南市街商户志愿服务队' },
        dueDays: 60,
        doneDays: 50,
        note: '连续巡查8周，占道情况基本杜绝。',
      },
    ],
    ratings: [4, 4, [5, '人行道终于能走了。']],
  },
  {
    where: 'nanshi',
    building: 0,
    category: 'environment',
    title: '1栋底层餐馆油烟直排，楼上不敢开窗',
    body: '1栋楼下新开的餐馆排烟管直接对着后面的窗户，每天中午晚上油烟往楼上冒，二楼三楼根本不敢开窗，衣服都不敢晾。',
    placeText: '1栋临街商铺后侧',
    supports: 8,
    comments: ['我家在二楼，厨房窗户都熏黄了。'],
    meeting: 'N1',
    raisedDays: 10,
    decision: {
      text: '餐馆三十日内加装油烟净化器并将排烟管引至楼顶；社区联系市场监管所上门督促，南市街小区党支部跟进回访。',
      votes: [20, 0, 0],
    },
    actions: [
      {
        title: '督促餐馆加装油烟净化器、排烟管引至楼顶',
        owner: 'staff',
        dueDays: 30,
        doneDays: 24,
        note: '油烟净化器已安装，排烟管引至楼顶，经检测达标排放。',
      },
    ],
    ratings: [5, [5, '终于能开窗了。'], 4],
  },
  {
    where: 'nanshi',
    building: 6,
    category: 'facilities',
    title: '地下车库一下雨就积水',
    body: '一下大雨地下车库入口的水就往里灌，最深的时候没过轮胎，上个月有两台车泡了水。排水沟都被淤泥堵死了。',
    placeText: '地下车库入口',
    supports: 9,
    comments: ['车位是花钱买的，物业要负责。', '入口加个挡水坎吧。'],
    meeting: 'N2',
    raisedDays: 12,
    decision: { text: '物业清淤车库排水沟，入口加装挡水坎，增设潜水泵2台，雨天安排专人值守。' },
    actions: [
      {
        title: '清淤排水沟、加装挡水坎和潜水泵',
        owner: 'manager',
        dueDays: 30,
        doneDays: 15,
        note: '清淤排水沟80米，入口加装挡水坎，新增潜水泵2台。',
      },
    ],
    ratings: [4, [5, '前两天下大雨，车库一点水都没进。']],
  },
  {
    where: 'nanshi',
    building: 3,
    category: 'neighbours',
    title: '市场凌晨卸货噪音太大',
    body: '市场的货车每天凌晨三四点就在4栋后面卸货，喇叭声、搬货声吵得人睡不着，老人孩子都受影响。',
    placeText: '4栋后侧道路',
    supports: 10,
    comments: ['卸货可以，能不能晚一点、轻一点。'],
    meeting: 'N3',
    raisedDays: 14,
    decision: {
      text: '社区协调市场管理方：卸货时间调整为早上6点以后，货车禁止鸣笛、熄火卸货；南市街商户志愿服务队劝导提醒。',
      votes: [22, 1, 1],
    },
    actions: [
      {
        title: '协调市场管理方调整卸货时间',
        owner: 'staff',
        dueDays: 14,
        doneDays: 8,
        note: '市场管理方已发通知，卸货时间调整为6:00以后。',
      },
      {
        title: '劝导提醒卸货司机',
        owner: { name: '南市街商户志愿服务队' },
        dueDays: 30,
        doneDays: 26,
        note: '调整后两周内未再接到凌晨噪音投诉。',
      },
    ],
    ratings: [4, [3, '好多了，但偶尔还是有车鸣笛。'], 4],
  },
  {
    where: 'nanshi',
    category: 'parking',
    title: '小区门口共享单车堆成山，轮椅都推不过去',
    body: '小区大门口每天停满了共享单车，横七竖八的，坐轮椅的老人和推婴儿车的根本过不去，早上高峰更乱。',
    placeText: '小区大门口',
    supports: 8,
    comments: ['单车公司应该定时来拉走。'],
    meeting: 'N4',
    raisedDays: 11,
    decision: {
      text: '在大门外划设非机动车停放区；社区联系共享单车企业建立每日调度清运机制。',
      votes: [16, 0, 1],
    },
    actions: [
      {
        title: '划设非机动车停放区',
        owner: 'manager',
        dueDays: 14,
        doneDays: 8,
        note: '大门外已划设非机动车停放区两处，可停放约60辆。',
      },
      { title: '联系共享单车企业建立每日调度', owner: 'staff', dueDays: 20 },
    ],
  },

  // ---- 杉溪安置小区 (无物业): two done by residents themselves, and the leaking tank from an order
  {
    where: 'shanxi',
    category: 'environment',
    title: '小区没有物业，垃圾没人及时清',
    body: '我们小区没有物业，垃圾桶满了好几天没人拉，楼道里也没人打扫，夏天蚊子苍蝇特别多。',
    placeText: '各栋垃圾点',
    supports: 14,
    comments: ['大家凑点钱请人打扫也行。', '党员可以带个头。'],
    meeting: 'X1',
    raisedDays: 18,
    decision: {
      text: '成立居民自治保洁小组，社区协调环卫所每日清运一次；保洁费每户每月5元，由小区党支部每月公示收支。',
      votes: [42, 3, 5],
    },
    actions: [
      {
        title: '协调环卫所每日清运',
        owner: 'secretary2',
        dueDays: 14,
        doneDays: 6,
        note: '环卫所已安排每天上午清运一次。',
      },
      {
        title: '组建居民自治保洁小组并公示收支',
        owner: { name: '杉溪环保卫生服务队' },
        dueDays: 30,
        doneDays: 20,
        note: '保洁小组6人已上岗，首月收支已在公告栏公示。',
      },
    ],
    ratings: [5, 4, [4, '干净多了，希望坚持下去。']],
  },
  {
    where: 'shanxi',
    building: 2,
    category: 'facilities',
    title: '3栋楼道灯全坏了',
    body: '3栋三个单元的楼道灯基本都不亮了，晚上上下楼只能打手机电筒，老人摔过好几次。',
    placeText: '3栋各单元楼道',
    supports: 6,
    comments: ['换声控灯吧，省电。'],
    meeting: 'X1',
    raisedDays: 9,
    decision: { text: '社区申请“微实事”资金，为3栋各单元更换声控LED楼道灯。', votes: [38, 0, 2] },
    actions: [
      {
        title: '申请微实事资金更换声控LED楼道灯',
        owner: 'secretary2',
        dueDays: 30,
        doneDays: 18,
        note: '3栋三个单元共更换声控LED灯27盏。',
      },
    ],
    ratings: [5, 5],
  },
  {
    where: 'shanxi',
    building: 4,
    category: 'facilities',
    raisedBy: 'order',
    title: '5栋楼顶水箱漏水，顶楼墙面渗水',
    body: '',
    placeText: null,
    supports: 4,
    comments: ['顶楼墙面都发霉了，希望尽快修。', '水箱是整栋楼共用的，修的钱怎么出要商量。'],
    raisedDays: 0,
  },
];
