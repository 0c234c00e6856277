import type { Catalogue } from './catalogue-shape.ts';

/** Japanese: polite (丁寧語・謙譲語), as a Japanese after-sales desk writes to its customers. */
export const ja = {
  locale: 'ja',
  messages: {
    greeting: '{name} 様',
    signoff: '今後ともよろしくお願いいたします。',
    team: 'アフターサービス担当',
    row: '{label}：{value}',
    lineWithReason: '{item}：{reason}',
    'label.claim': '保証請求番号',
    'label.vehicle': '車台番号',
    'label.filed': '受付日',
    'label.odometer': '故障時の走行距離',
    'label.centre': 'サービスセンター',
    'label.address': '住所',
    'label.phone': '電話番号',
    'label.when': '日時',
    'label.technician': '担当整備士',
    'label.repairedOn': '修理日',
    'label.coveredValue': '保証対象の作業金額',
    statusButton: '保証請求の状況を確認する',
    contact: 'ご不明な点は、サービスセンター（{phone}）までお電話ください。',
    'footer.reason': 'このメールは、保証請求 {claimId} に関するご連絡です。',
    'footer.unsubscribe': 'アンケートとお知らせの配信を停止する',
    'campaign.subject': 'サービスキャンペーン {campaignId}：{model} の無償修理のご案内',
    'campaign.intro':
      'お客様と同じ型式の一部の車両で、{component}に不具合があることが判明しました。お客様のお車を無償で修理いたします。',
    'campaign.action':
      'お手数ですが、サービスセンターへお電話のうえ、キャンペーン番号をお伝えして修理をご予約ください。',
    'campaign.free': '車両の年数や走行距離にかかわらず、修理費用は一切かかりません。',
    'label.campaign': 'キャンペーン番号',
    'label.model': '車種',
    'campaign.footer':
      'お客様の車両 {vin} がサービスキャンペーン {campaignId} の対象であるため、この安全に関するお知らせをお送りしています。',

    'received.subject': '保証請求を受け付けました',
    'received.intro': 'サービスセンターより、お客様のお車の保証請求を受け付けました。',
    'received.next': '現在、保証の内容に沿って確認しております。結果が出しだい、改めてご連絡いたします。',

    'approved.subject': '修理が保証の対象となりました',
    'approved.intro':
      'ご請求の修理は保証の対象となりました。保証対象の作業について、お客様のご負担はございません。',
    'approved.next':
      'これからサービスセンターで部品を手配し、担当の整備士を決めます。ご予約の日時は改めてお知らせいたします。',
    'partly.subject': '修理の一部が保証の対象となりました',
    'partly.intro':
      'ご請求の修理のうち、一部が保証の対象となりました。保証対象の作業について、お客様のご負担はございません。',
    'partly.covered': '保証の対象：',
    'partly.notCovered': '保証の対象外：',
    'partly.next':
      'サービスセンターで保証対象の部品を手配し、整備士を予約いたします。対象外の作業については、サービスセンターからご説明いたします。',
    'rejected.subject': '保証請求を承認できませんでした',
    'rejected.intro': '誠に申し訳ございませんが、ご請求の修理は保証の対象となりませんでした。',
    'rejected.why': '理由：',
    'rejected.next': '詳しいご説明や今後のご対応については、サービスセンターにご相談ください。',

    'appointment.subject': '修理のご予約日時のお知らせ',
    'appointment.intro': '修理のご予約が確定しました。下記の日時に、お車をサービスセンターへお持ちください。',
    'appointment.localTime': '日時はサービスセンターの現地時間で表示しています。',
    'appointment.change': 'ご都合が悪い場合は、お手数ですがサービスセンターまでお電話ください。',
    'appointmentApproved.subject': '保証の承認と修理のご予約日時のお知らせ',
    'label.partsExpected': '部品の入荷予定日',
    'parts.subject': '修理に必要な部品の入荷をお待ちください',
    'parts.intro': '修理に必要な部品の在庫がないため、お客様のために部品を発注しました。',
    'parts.next': '部品が入荷しましたら修理のご予約をお取りし、日時をお知らせします。',
    'cancelled.subject': '保証請求は取り消されました',
    'cancelled.intro': 'お客様の保証請求は取り消されました。この請求での手続きはこれで終了です。',
    'cancelled.next': 'お心当たりがない場合は、サービスセンターまでお電話ください。',
    'failed.subject': '保証請求の手続きを完了できませんでした',
    'failed.intro':
      '問題が発生したため、保証請求の手続きを完了できませんでした。ご迷惑をおかけして申し訳ございません。',
    'failed.next':
      '今後についてはサービスセンターからご連絡いたします。お客様の側で必要な手続きはありません。',

    'repairDone.subject': 'お車の修理が完了しました',
    'repairDone.intro': '保証修理が完了しました。お待たせいたしました。',
    'repairDone.free': '保証対象の作業について、お客様のご負担はございません。',
    'repairDone.next': '修理後に気になる点がございましたら、サービスセンターまでご連絡ください。',

    'survey.subject': '修理はいかがでしたか？（ご質問は1つだけです）',
    'survey.intro': '先日、お車の修理をさせていただきました。ご感想をお聞かせいただけますと幸いです。',
    'survey.question': '当サービスセンターを、ご友人や同僚にすすめる可能性はどのくらいありますか？',
    'survey.scale': '{low}（まったくすすめない）から{high}（ぜひすすめたい）までの数字でお選びください。',
    'survey.button': 'アンケートに答える（約1分）',
    'surveyReminder.subject': '1分だけお時間をいただけますか？',
    'surveyReminder.intro':
      '先日、修理についてのアンケートをお送りしました。まだお答えいただいていない場合は、ぜひご意見をお聞かせください。',

    'maintenance.subject': '次回点検のご案内',
    'maintenance.intro':
      '修理からしばらくたちました。安全で快適にお乗りいただくため、定期点検をおすすめしております。次回点検のご予約にちょうど良い時期です。',
    'maintenance.book': 'ご予約は、サービスセンターまでお電話いただくか、直接お越しください。',

    'status.title': '保証請求の状況',
    'status.now': '現在の状況',
    'status.next': '今後の流れ',
    'status.appointment': 'ご予約',
    'status.contact': 'お問い合わせ先',
    'status.updated': '最終更新',

    'surveyPage.title': 'アンケート',
    'surveyPage.intro': 'お時間をいただき、ありがとうございます。いただいたご意見はすべて拝見しております。',
    'surveyPage.low': '{n} = まったくすすめない',
    'surveyPage.high': '{n} = ぜひすすめたい',
    'surveyPage.comment': 'そのほかにご意見・ご感想があればお聞かせください（任意）',
    'surveyPage.submit': '送信する',
    'surveyPage.missing': '{low}から{high}までの数字をお選びください。',
    'surveyPage.thanksTitle': 'ありがとうございました',
    'surveyPage.thanks': 'ご回答を受け付けました。サービスの向上に役立てさせていただきます。',
    'surveyPage.alreadyTitle': '回答済みです',
    'surveyPage.already':
      'このアンケートにはすでにお答えいただいていますので、最初のご回答を記録しております。ありがとうございました。',

    'unsubscribe.title': 'アンケートとお知らせの配信',
    'unsubscribe.confirm': '{email} へのアンケートとお知らせの配信を停止しますか？',
    'unsubscribe.keep': '保証請求の進み具合に関するご連絡は、引き続きお送りします。',
    'unsubscribe.button': '配信を停止する',
    'unsubscribe.doneTitle': '配信を停止しました',
    'unsubscribe.done': '今後、{email} にアンケートやお知らせをお送りすることはありません。',

    'link.invalidTitle': 'このリンクは無効です',
    'link.invalid':
      'リンクが途中で切れているか、変更されています。お手数ですが、メールからもう一度開いてください。',
    'link.expiredTitle': 'このリンクは有効期限が切れています',
    'link.expired':
      '安全のため、メール内のリンクには有効期限があります。ご不明な点は、サービスセンターまでお問い合わせください。',
    'error.title': 'エラーが発生しました',
    'error.body': 'しばらくしてから、もう一度お試しください。',
  },
  statuses: {
    RECEIVED: { now: '保証請求を受け付けました。', next: '保証の内容に沿って確認しております。' },
    IN_REVIEW: {
      now: '保証の担当者が内容を確認しております。',
      next: '結果が出しだい、メールでお知らせいたします。',
    },
    APPROVED: {
      now: '修理は保証の対象となりました。',
      next: 'サービスセンターで部品と整備士を手配しております。',
    },
    AWAITING_PARTS: {
      now: '部品の入荷をお待ちいただいております。',
      next: '部品が届きしだい修理を予約し、お知らせいたします。',
    },
    SCHEDULED: {
      now: '修理のご予約が確定しています。',
      next: 'ご予約の日時に、お車をサービスセンターへお持ちください。',
    },
    REPAIRED: {
      now: 'お車の修理が完了しました。',
      next: 'サービスセンターで手続きを進めております。お客様にしていただくことはございません。',
    },
    SETTLED: {
      now: '修理とお手続きが完了しました。',
      next: 'お客様にしていただくことはございません。',
    },
    CLOSED: {
      now: '保証請求のお手続きはすべて完了しました。',
      next: 'ご利用いただき、ありがとうございました。',
    },
    REJECTED: {
      now: 'ご請求の修理は保証の対象外となりました。',
      next: '今後のご対応については、サービスセンターにご相談ください。',
    },
    CANCELLED: {
      now: 'この保証請求は取り消されました。',
      next: 'お心当たりがない場合は、サービスセンターまでお問い合わせください。',
    },
    PROBLEM: {
      now: '修理の手配中に問題が発生しました。',
      next: 'サービスセンターからご連絡いたします。',
    },
  },
  categories: {
    engine: 'エンジン',
    transmission: 'トランスミッション',
    driveline: 'ドライブシャフト',
    'ev-battery': '駆動用バッテリー',
    'ev-drive-unit': '電動駆動ユニット',
    'hv-electrical': '高電圧系の電装部品',
    electrical: '電装部品',
    suspension: 'サスペンション',
    brakes: 'ブレーキ',
    body: 'ボディ',
    interior: '内装',
    climate: 'エアコン',
    'wear-item': '消耗部品',
    other: 'その他の部品',
  },
  reasons: {
    EXPIRED_TIME: '故障が起きた時点で、この部品の保証期間が終了していました。',
    EXPIRED_DISTANCE: '故障が起きた時点で、この部品の保証の対象となる走行距離を超えていました。',
    COMPONENT_NOT_COVERED: 'この種類の部品は、お客様の保証の対象外です。',
    BATTERY_SOH_ABOVE_THRESHOLD: 'バッテリーはまだ正常な状態のため、交換は保証の対象外です。',
    BATTERY_SOH_MISSING:
      'バッテリーの検査結果が届いていなかったため、保証を確認できませんでした。サービスセンターから改めて提出いたします。',
    PART_UNKNOWN: 'この部品を特定できませんでした。サービスセンターが確認いたします。',
    VEHICLE_UNKNOWN:
      'お客様のお車が記録に見つかりませんでした。サービスセンターが車両の情報を確認いたします。',
    LATE_SUBMISSION: '故障から30日を過ぎて請求が届いたため、保証の期限に間に合いませんでした。',
    INVALID_FAILURE_DATE: '請求に記載された故障日に誤りがあるようです。サービスセンターが確認いたします。',
    REVIEWED: '保証の担当者が内容を確認した結果、この作業は保証の対象外と判断いたしました。',
  },
} satisfies Catalogue;
