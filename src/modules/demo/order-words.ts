/**
 * What residents, volunteers and staff write on the demo's orders: the requests by category, the
 * notes on the way, the reasons and the ratings' comments. Plain Chinese, as typed on a phone.
 */

export type CategoryCode =
  | 'utilities_repair'
  | 'drain_clearing'
  | 'appliance_repair'
  | 'home_haircut'
  | 'policy_advice'
  | 'paperwork'
  | 'book_lending'
  | 'job_information'
  | 'sanitation'
  | 'safety_hazard'
  | 'neighbour_dispute'
  | 'other';

export const requests: Record<CategoryCode, readonly string[]> = {
  utilities_repair: [
    '厨房水龙头关不紧，一直滴水',
    '卫生间灯不亮了，换了灯泡也不行',
    '插座一插电饭煲就跳闸',
    '热水器进水阀漏水，地上一摊水',
    '马桶水箱一直响，水停不下来',
    '客厅开关冒火花，不敢用了',
    '阳台水管接头渗水，楼下说天花板湿了',
  ],
  drain_clearing: [
    '厨房下水道堵了，水下不去',
    '卫生间地漏返水，有臭味',
    '洗手池下水很慢，通了几次没用',
    '马桶堵了，家里老人用不了',
  ],
  appliance_repair: [
    '洗衣机不脱水，显示E3',
    '空调不制冷，外机不转',
    '冰箱冷藏室不冷了',
    '油烟机声音很大，吸不动烟',
  ],
  home_haircut: [
    '老人腿脚不便，下不了楼，想请师傅上门理发',
    '老伴卧床，麻烦上门剪个头发',
    '家里老人八十多了，想理个短发',
  ],
  policy_advice: [
    '想问一下高龄补贴怎么申请',
    '孩子上小学要准备哪些材料',
    '医保异地备案怎么办理',
    '想咨询一下居家养老服务补贴',
  ],
  paperwork: [
    '老人身份证过期了，行动不便，想请人帮忙代办',
    '需要代办老年优待证',
    '社保卡丢了，想请志愿者帮忙补办',
    '帮老人办理养老金资格认证',
  ],
  book_lending: ['想借几本养花和养生的书', '孩子暑假想借些绘本', '想借象棋棋谱'],
  job_information: ['孩子大专毕业，想了解附近的招聘信息', '想找份钟点工的活，有没有信息'],
  sanitation: [
    '楼道里堆了很多纸箱杂物，有异味',
    '垃圾站旁边的垃圾两天没清了',
    '绿化带里有人倒了装修垃圾',
    '单元门口有狗粪没人清理',
  ],
  safety_hazard: [
    '楼道里有人给电动车充电，拉了飞线',
    '消防通道被车堵住了',
    '单元门的闭门器坏了，门关不上',
    '楼道灯坏了，晚上很黑，老人怕摔',
  ],
  neighbour_dispute: [
    '楼上晚上经常很吵，沟通过没用',
    '邻居在公共楼道装了鞋柜，挡路',
    '楼上空调外机滴水到我家窗台',
  ],
  other: ['想请志愿者帮忙搬一下旧家具下楼', '家里老人想学用智能手机挂号', '想参加社区的书法班，怎么报名'],
};

/** Where a report about a shared place is, given a building and an entrance of the compound. */
export const publicPlaces = (building: string, entrance: string) => [
  `${building}${entrance}楼道`,
  `${building}楼下`,
  `${building}旁绿化带`,
  '小区垃圾站',
  '小区北门',
];

export const homeHours = [
  '工作日晚上7点后',
  '周末全天在家',
  '上午在家',
  '下午2点以后',
  '老人全天在家',
  '随时可以，提前打电话',
];

export const progressNotes: Record<CategoryCode, readonly string[]> = {
  utilities_repair: ['已上门查看，需要买配件，明天再来', '阀门老化，已临时关闭总阀'],
  drain_clearing: ['已上门，管道里有油垢，需要用疏通机', '先用皮搋子通了一次，还要观察'],
  appliance_repair: ['已联系共建单位师傅，约了时间上门', '配件已下单，到货后上门更换'],
  home_haircut: ['已和老人家属约好时间', '约了周六上午上门'],
  policy_advice: ['已电话初步解答，材料清单发到居民微信'],
  paperwork: ['已收齐材料，明天去政务大厅办理', '已提交申请，等待审核'],
  book_lending: ['书已从党群服务站借出'],
  job_information: ['已整理附近三家单位的招聘信息'],
  sanitation: ['已和物业保洁约好时间清理'],
  safety_hazard: ['已现场劝导，拍照留存'],
  neighbour_dispute: ['已分别上门了解情况', '约了双方周末在党群服务站面谈'],
  other: ['已约好时间'],
};

export const resolveNotes: Record<CategoryCode, readonly string[]> = {
  utilities_repair: ['更换了水龙头阀芯，已不漏水', '更换了开关，试用正常', '重新接了线，跳闸问题解决'],
  drain_clearing: ['已疏通，放水试过正常', '清出一团头发，下水恢复'],
  appliance_repair: ['更换排水泵，洗衣机恢复正常', '加了冷媒，空调制冷正常'],
  home_haircut: ['已上门理发，老人很满意', '理完发顺便帮老人剪了指甲'],
  policy_advice: ['已讲清申请流程和材料，居民表示明白了'],
  paperwork: ['证件已办好，送到老人家里', '认证已完成'],
  book_lending: ['书已送到，两周后上门取回'],
  job_information: ['已推荐两家单位，居民已去面试'],
  sanitation: ['杂物已清理，楼道干净了'],
  safety_hazard: ['飞线已拆除，居民答应去充电桩充电', '闭门器已更换'],
  neighbour_dispute: ['双方见面沟通，达成一致', '已调解，楼上答应晚上十点后注意'],
  other: ['已办完'],
};

export const declineReasons = ['今天在外地，赶不回来', '这个我不太会修，请换个师傅', '家里有事走不开'];
export const transferReasons = ['需要电工证，转给会的师傅', '这两天住院，转给队友'];
export const transferBackReasons = ['配件要等两天，先退回重新派单', '情况比较复杂，请重新安排'];
export const cancelByResident = ['家里人已经修好了', '问题自己好了，不用来了', '已找物业处理'];
export const cancelByStaff = ['重复下单', '居民电话说不需要了'];
export const reopenReasons = ['修完第二天又漏了', '下水又堵了', '还是不行，麻烦再来看看'];
export const escalations = {
  property: [
    '公共主管道堵塞，需物业用疏通车处理',
    '涉及外墙和公共管线，需物业维修',
    '楼道公共设施损坏，需物业更换',
  ],
  community: ['涉及多户，需社区协调', '矛盾较大，请社区出面调解', '无物业小区，需社区协调维修资金'],
};

export const praise = ['师傅很耐心，谢谢志愿者！', '速度快，点赞', '热心肠，讲解很清楚', null];
export const complaints = {
  3: ['等了大半天才来', '修好了，但没说清楚原因'],
  2: ['修完第二天又有点漏', '来了两次才弄好'],
  1: ['约好的时间没来，也没打电话', '问题没解决'],
} as const;

export const returnVisits = {
  satisfied: ['电话回访，居民表示满意', '上门回访，老人说师傅很细心', '电话回访，问题没有再出现'],
  unsatisfied: ['回访：居民反映仍有轻微渗水，已提醒物业关注', '回访：居民对上门时间不满意，已向分队反馈'],
};
