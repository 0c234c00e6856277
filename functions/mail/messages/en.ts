/**
 * English: the reference catalogue, and the fallback. Its keys are the `MessageKey` type; every
 * other language (`<language>.json`) must have exactly these keys and the same placeholders
 * (test/unit/mail-templates.test.ts checks both).
 */
export const en = {
  locale: 'en',
  messages: {
    greeting: 'Dear {name},',
    signoff: 'Kind regards,',
    team: 'Your after-sales service team',
    row: '{label}: {value}',
    lineWithReason: '{item}: {reason}',
    'label.claim': 'Claim number',
    'label.vehicle': 'Vehicle identification number (VIN)',
    'label.filed': 'Filed on',
    'label.odometer': 'Distance driven when the fault appeared',
    'label.centre': 'Service centre',
    'label.address': 'Address',
    'label.phone': 'Phone',
    'label.when': 'Date and time',
    'label.technician': 'Technician',
    'label.repairedOn': 'Repaired on',
    'label.coveredValue': 'Value of the work under warranty',
    statusButton: 'See where your claim stands',
    contact: 'Questions? Please call your service centre on {phone}.',
    'footer.reason': 'You are receiving this email about your warranty claim {claimId}.',
    'footer.unsubscribe': 'Stop surveys and reminders',
    'campaign.subject': 'Service campaign {campaignId}: a free repair for your {model}',
    'campaign.intro':
      'We have found a fault in the {component} of some vehicles like yours. We will repair your vehicle free of charge.',
    'campaign.action': 'Please call your service centre to book the repair, and quote the campaign number.',
    'campaign.free': 'The repair costs you nothing, whatever the age or mileage of your vehicle.',
    'label.campaign': 'Campaign number',
    'label.model': 'Model',
    'campaign.footer':
      'You are receiving this safety notice because service campaign {campaignId} covers your vehicle {vin}.',

    'received.subject': 'We have received your warranty claim',
    'received.intro': 'Your service centre has filed a warranty claim for your vehicle with us.',
    'received.next':
      'We are checking it against your warranty and will write to you again as soon as we have decided.',

    'approved.subject': 'Good news: your warranty covers the repair',
    'approved.intro':
      'Your warranty covers the repair in your claim. You pay nothing for the work under warranty.',
    'approved.next':
      'Your service centre will now get the parts ready and book a technician. We will send you the appointment.',
    'partly.subject': 'Your warranty covers part of the repair',
    'partly.intro':
      'Your warranty covers part of the repair in your claim. You pay nothing for the work under warranty.',
    'partly.covered': 'Under warranty:',
    'partly.notCovered': 'Not under warranty:',
    'partly.next':
      'Your service centre will get the covered parts ready, book a technician and talk to you about the work that is not covered.',
    'rejected.subject': 'Your warranty claim could not be approved',
    'rejected.intro': 'We are sorry: your warranty does not cover the repair in your claim.',
    'rejected.why': 'Why:',
    'rejected.next': 'Your service centre can explain this and talk to you about the options.',

    'appointment.subject': 'Your repair appointment',
    'appointment.intro':
      'Your repair is booked. Please bring your vehicle to the service centre at this time:',
    'appointment.localTime': 'The time is local time at the service centre.',
    'appointment.change': 'If this time does not suit you, please call the service centre to change it.',
    'appointmentApproved.subject': 'Approved: your repair appointment',
    'label.partsExpected': 'Parts expected by',
    'parts.subject': 'Your repair is waiting for a part',
    'parts.intro': 'A part for your repair is not in stock yet. It has been ordered for you.',
    'parts.next': 'As soon as the parts arrive, we will book your repair and send you the appointment.',
    'cancelled.subject': 'Your warranty claim has been cancelled',
    'cancelled.intro': 'Your warranty claim has been cancelled. Nothing more will happen under this claim.',
    'cancelled.next': 'If you did not expect this, please call your service centre.',
    'failed.subject': 'We could not finish handling your warranty claim',
    'failed.intro':
      'Something prevented us from completing your warranty claim. We are sorry for the trouble.',
    'failed.next':
      'Your service centre will contact you about what happens next. You do not need to do anything.',

    'repairDone.subject': 'Your vehicle has been repaired',
    'repairDone.intro': 'The repair under your warranty claim is done. Thank you for your patience.',
    'repairDone.free': 'You pay nothing for the work under warranty.',
    'repairDone.next': 'If anything does not feel right after the repair, please call the service centre.',

    'survey.subject': 'How was your repair? Just one question',
    'survey.intro': 'Your vehicle was repaired recently. We would like to know how it went.',
    'survey.question': 'How likely are you to recommend our service centre to a friend or colleague?',
    'survey.scale': 'Choose a number from {low} (not at all likely) to {high} (extremely likely).',
    'survey.button': 'Answer the survey (one minute)',
    'surveyReminder.subject': 'A minute for your feedback?',
    'surveyReminder.intro':
      'A few days ago we asked how your repair went. If you have a minute, we would still like to hear from you.',

    'maintenance.subject': 'Time for your next service',
    'maintenance.intro':
      'Some time has passed since your vehicle was repaired. Regular servicing keeps it safe and reliable, so now is a good moment to book the next one.',
    'maintenance.book': 'To book, please call your service centre or visit it:',

    'status.title': 'Your warranty claim',
    'status.now': 'Where it stands',
    'status.next': 'What happens next',
    'status.appointment': 'Your appointment',
    'status.contact': 'Whom to call',
    'status.updated': 'Last update',

    'surveyPage.title': 'Your opinion',
    'surveyPage.intro': 'Thank you for taking a minute. We read every answer.',
    'surveyPage.low': '{n} = not at all likely',
    'surveyPage.high': '{n} = extremely likely',
    'surveyPage.comment': 'Anything else you would like to tell us? (optional)',
    'surveyPage.submit': 'Send my answer',
    'surveyPage.missing': 'Please choose a number from {low} to {high}.',
    'surveyPage.thanksTitle': 'Thank you!',
    'surveyPage.thanks': 'Your answer has been recorded. Thank you for helping us improve.',
    'surveyPage.alreadyTitle': 'Already answered',
    'surveyPage.already':
      'You have already answered this survey, so we have kept your first answer. Thank you!',

    'unsubscribe.title': 'Surveys and reminders',
    'unsubscribe.confirm': 'Stop sending surveys and reminders to {email}?',
    'unsubscribe.keep': 'You will still receive the messages about the progress of your claims.',
    'unsubscribe.button': 'Stop surveys and reminders',
    'unsubscribe.doneTitle': 'You have unsubscribed',
    'unsubscribe.done': 'We will not send surveys or reminders to {email} any more.',

    'link.invalidTitle': 'This link does not work',
    'link.invalid': 'The link is incomplete or has been changed. Please open it again from the email.',
    'link.expiredTitle': 'This link has expired',
    'link.expired':
      'For your security, the links in our emails work for a limited time. For help, please call your service centre.',
    'error.title': 'Something went wrong',
    'error.body': 'Please try again in a few minutes.',
  },
  statuses: {
    RECEIVED: {
      now: 'We have received your claim.',
      next: 'We are checking it against your warranty.',
    },
    IN_REVIEW: {
      now: 'A warranty specialist is reviewing your claim.',
      next: 'We will email you as soon as there is a decision.',
    },
    APPROVED: {
      now: 'Your warranty covers the repair.',
      next: 'Your service centre is arranging the parts and a technician.',
    },
    AWAITING_PARTS: {
      now: 'We are waiting for a part to arrive.',
      next: 'As soon as it arrives, we will book your repair and let you know.',
    },
    SCHEDULED: {
      now: 'Your repair is booked.',
      next: 'Please bring your vehicle to the service centre at the time of your appointment.',
    },
    REPAIRED: {
      now: 'Your vehicle has been repaired.',
      next: 'The service centre is finishing the paperwork; there is nothing you need to do.',
    },
    SETTLED: {
      now: 'The repair and the paperwork are both done.',
      next: 'There is nothing more you need to do.',
    },
    CLOSED: {
      now: 'Everything about your claim is done.',
      next: 'Thank you for your trust.',
    },
    REJECTED: {
      now: 'Your warranty does not cover the repair in your claim.',
      next: 'Please talk to your service centre about the options.',
    },
    CANCELLED: {
      now: 'This claim has been cancelled.',
      next: 'If you did not expect this, please contact your service centre.',
    },
    PROBLEM: {
      now: 'We ran into a problem while arranging your repair.',
      next: 'Your service centre will contact you.',
    },
  },
  categories: {
    engine: 'Engine',
    transmission: 'Gearbox',
    driveline: 'Drive shafts',
    'ev-battery': 'Traction battery',
    'ev-drive-unit': 'Electric drive unit',
    'hv-electrical': 'High-voltage electrical parts',
    electrical: 'Electrical parts',
    suspension: 'Suspension',
    brakes: 'Brakes',
    body: 'Body',
    interior: 'Interior',
    climate: 'Air conditioning',
    'wear-item': 'Wear parts',
    other: 'Other parts',
  },
  reasons: {
    EXPIRED_TIME: 'The warranty period for this part had ended when the fault appeared.',
    EXPIRED_DISTANCE:
      'When the fault appeared, the vehicle had been driven further than the warranty for this part allows.',
    COMPONENT_NOT_COVERED: 'Your warranty does not cover this kind of part.',
    BATTERY_SOH_ABOVE_THRESHOLD:
      'The battery is still in normal condition, so replacing it is not covered by the warranty.',
    BATTERY_SOH_MISSING:
      'The battery test result was missing, so we could not check the warranty. Your service centre will send it again.',
    PART_UNKNOWN: 'We could not identify this part. Your service centre will check it with us.',
    VEHICLE_UNKNOWN:
      'We could not find your vehicle in our records. Your service centre will check its details with us.',
    LATE_SUBMISSION:
      'The claim reached us more than 30 days after the fault appeared, which is later than the warranty allows.',
    INVALID_FAILURE_DATE:
      'The date of the fault given in the claim cannot be right. Your service centre will check it with us.',
    REVIEWED: 'A warranty specialist reviewed this work and decided that the warranty does not cover it.',
  },
};
