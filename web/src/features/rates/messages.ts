import { rateDefinitions } from '@meshwork/contracts';

/** The rates screen's strings (报到情况); wired into the locale files under `rates`. */
export const zhCN = {
  title: '报到情况',
  orgTab: '组织',
  regionTab: '属地',
  name: '名称',
  type: '类型',
  level: '层级',
  members: '成员数',
  enrolled: '已报到',
  enrolledMembers: '已报到党员',
  confirmed: '已确认',
  active: '近7天活跃',
  enrolledRate: '报到率',
  confirmedRate: '确认率',
  pairedUnits: '已报到单位',
  pendingPairings: '待确认结对',
  total: '合计',
  own: '本级',
  closed: '已撤销',
  overflow: '已报到人数多于登记成员数：有报到记录的组织未登记该成员',
  drill: '查看下级',
  export: '导出报到情况台账',
  chartOrg: '各下级报到率、确认率',
  chartRegion: '各下级报到党员与报到单位',
  noChildren: '没有下级',
  noScope: '您的授权中没有可查看报到情况的范围',
  orgHelp: rateDefinitions.org,
  regionHelp: rateDefinitions.region,
};

export const zhTW: typeof zhCN = {
  title: '報到情況',
  orgTab: '組織',
  regionTab: '屬地',
  name: '名稱',
  type: '類型',
  level: '層級',
  members: '成員數',
  enrolled: '已報到',
  enrolledMembers: '已報到黨員',
  confirmed: '已確認',
  active: '近7天活躍',
  enrolledRate: '報到率',
  confirmedRate: '確認率',
  pairedUnits: '已報到單位',
  pendingPairings: '待確認結對',
  total: '合計',
  own: '本級',
  closed: '已撤銷',
  overflow: '已報到人數多於登記成員數：有報到記錄的組織未登記該成員',
  drill: '查看下級',
  export: '匯出報到情況台賬',
  chartOrg: '各下級報到率、確認率',
  chartRegion: '各下級報到黨員與報到單位',
  noChildren: '沒有下級',
  noScope: '您的授權中沒有可查看報到情況的範圍',
  orgHelp:
    '成員數：本組織及下級組織中有黨組織關係或工作單位的人數（去重）；已報到：組織關係或工作單位在其中、報到待確認或已確認的人數；' +
    '已確認：社區已確認的報到；近7天活躍：已確認且近7天在社區有活動；報到率＝已報到÷成員數，確認率＝已確認÷成員數（成員數為0時不計算；報到記錄的組織無成員登記時，報到率可超過100%）',
  regionHelp:
    '已報到黨員：在本屬地及下級社區報到待確認或已確認的人數；已確認：社區已確認的報到；近7天活躍：已確認且近7天在社區有活動；' +
    '已報到單位：與本屬地內街道或社區結對已確認的單位數（去重）；待確認結對：待街道或社區確認的結對數；確認率＝已確認÷已報到黨員',
};

export const en: typeof zhCN = {
  title: 'Enrolment rates',
  orgTab: 'Orgs',
  regionTab: 'Regions',
  name: 'Name',
  type: 'Type',
  level: 'Level',
  members: 'Members',
  enrolled: 'Enrolled',
  enrolledMembers: 'Enrolled members',
  confirmed: 'Confirmed',
  active: 'Active (7 days)',
  enrolledRate: 'Enrolment rate',
  confirmedRate: 'Confirmation rate',
  pairedUnits: 'Paired units',
  pendingPairings: 'Pending pairings',
  total: 'Total',
  own: 'This level',
  closed: 'Closed',
  overflow: 'More enrolled than registered members: an enrolment credits an org where the member is not registered',
  drill: 'Open',
  export: 'Export the rates ledger',
  chartOrg: 'Enrolment and confirmation rates by child',
  chartRegion: 'Enrolled members and paired units by child',
  noChildren: 'No children',
  noScope: 'None of your grants covers enrolment rates',
  orgHelp:
    'Members: distinct people with a party or work-unit membership in this org or below. Enrolled: those of them, and anyone whose enrolment credits an org here, ' +
    'with a pending or confirmed enrolment. Confirmed: enrolments the community confirmed. Active: confirmed and active in the community in the last 7 days. ' +
    'Enrolment rate = enrolled ÷ members, confirmation rate = confirmed ÷ members (not computed for 0 members; above 100% when enrolments credit an org without registered members).',
  regionHelp:
    'Enrolled members: pending or confirmed enrolments at communities here or below. Confirmed: those the community confirmed. Active: confirmed and active in the last 7 days. ' +
    'Paired units: distinct units with a confirmed pairing at a street or community here. Pending pairings: awaiting the street or community. Confirmation rate = confirmed ÷ enrolled members.',
};
