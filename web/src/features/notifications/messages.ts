/** The notification bell's strings; wired into the locale files under `notifications`. */
export const zhCN = {
  title: '通知',
  empty: '暂无通知',
  readAll: '全部已读',
  unread: '{{count}} 条未读',
  more: '加载更多',
};

export const zhTW: typeof zhCN = {
  title: '通知',
  empty: '暫無通知',
  readAll: '全部已讀',
  unread: '{{count}} 則未讀',
  more: '載入更多',
};

export const en: typeof zhCN = {
  title: 'Notifications',
  empty: 'No notifications',
  readAll: 'Mark all read',
  unread: '{{count}} unread',
  more: 'Load more',
};
