import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
  PayloadFormatVersion,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { followUpEvents, publicPages } from '../../functions/catalog.ts';
import { mailConfigurationSetName } from '../config.ts';
import { acknowledgeNagFinding } from '../nag.ts';
import { CatalogFunction, type RegionFunctionResources } from './catalog-function.ts';

export interface FollowUpMailProps {
  /** The tables, the link secret and the dead-letter queue of this region (the functions' `touches`). */
  readonly resources: RegionFunctionResources;
  /** notify-customer: it gets the public pages' URL, the base of the links it signs. */
  readonly notifyCustomer: IFunction & { addEnvironment(key: string, value: string): unknown };
}

/**
 * Follow-up email of one export region (DESIGN §8): the SES sending identity and configuration set
 * (bounces and complaints → EventBridge → record-bounce), and the customer's public pages behind
 * the signed links (survey, status, unsubscribe) on an HTTP API without authorizer: the HMAC token
 * in each link is the authorization, checked by the page functions.
 */
export class FollowUpMail extends Construct {
  readonly configurationSet: ses.ConfigurationSet;
  readonly identity: ses.EmailIdentity;
  readonly publicApi: HttpApi;
  /** Base URL of the public pages (`<url>/p/survey?t=…`). */
  readonly publicUrl: string;
  readonly functions: Record<string, CatalogFunction>;

  constructor(scope: Construct, id: string, props: FollowUpMailProps) {
    super(scope, id);
    const { resources } = props;
    const { config } = resources;
    const configurationSetName = mailConfigurationSetName(config);

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName,
      reputationMetrics: true,
      sendingEnabled: true,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      // The account-level suppression list as well: SES itself stops sending to known-bad addresses.
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: ses.EventDestination.eventBus(EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });
    const identity = config.mail.identity;
    this.identity = new ses.EmailIdentity(this, 'Identity', {
      identity: identity.includes('@') ? ses.Identity.email(identity) : ses.Identity.domain(identity),
      configurationSet: this.configurationSet,
    });

    // Survey answers, opt-outs and bounces are written in the region that writes for the claim's home
    // now (after a failover, another region's replica): the catalog entries touch otherRegions.
    this.functions = Object.fromEntries(
      [...Object.values(publicPages), ...Object.values(followUpEvents)].map((spec) => [
        spec.name,
        new CatalogFunction(this, spec.name, { spec, resources }),
      ]),
    );

    new Rule(this, 'DeliveryEvents', {
      description: `SES bounces and complaints of ${configurationSetName} → record-bounce`,
      eventPattern: {
        source: ['aws.ses'],
        detailType: ['Email Bounced', 'Email Complaint Received'],
        detail: { mail: { tags: { 'ses:configuration-set': [configurationSetName] } } },
      },
      targets: [
        new LambdaFunction(this.functions[followUpEvents.recordBounce.name]!.fn, {
          retryAttempts: 8,
          maxEventAge: Duration.hours(24),
          // An event EventBridge could not hand to Lambda; once handed over, the function's own
          // on-failure destination (the same queue) takes what fails there.
          deadLetterQueue: resources.deadLetters,
        }),
      ],
    });

    const accessLogs = new LogGroup(this, 'PublicPagesAccessLogs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.publicApi = new HttpApi(this, 'PublicPages', {
      apiName: `${config.appName}-public-pages`,
      description: `${config.appName}: the customer's survey, status and unsubscribe pages behind signed links`,
      createDefaultStage: false,
    });
    new HttpStage(this, 'PublicPagesStage', {
      httpApi: this.publicApi,
      stageName: '$default',
      autoDeploy: true,
      // People clicking links in emails: a few per second per region at most.
      throttle: { rateLimit: 20, burstLimit: 50 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.jsonWithStandardFields(),
      },
    });
    for (const spec of Object.values(publicPages)) {
      const route = spec.route!;
      const routes = this.publicApi.addRoutes({
        path: route.path,
        methods: [route.method === 'GET' ? HttpMethod.GET : HttpMethod.POST],
        // Payload format 1.0: the same event the local gateway gives the handlers.
        integration: new HttpLambdaIntegration(`${spec.name}-integration`, this.functions[spec.name]!.fn, {
          payloadFormatVersion: PayloadFormatVersion.VERSION_1_0,
        }),
      });
      for (const r of routes)
        acknowledgeNagFinding(
          r,
          'AwsSolutions-APIG4',
          'A customer opens this page from a link in an email, without an account: the HMAC-SHA256 token in the ' +
            'link (purpose, claim id, expiry; functions/mail/links.ts) is the authorization, checked by the function.',
        );
    }
    this.publicUrl = this.publicApi.apiEndpoint;
    props.notifyCustomer.addEnvironment('CLAIMFLOW_PUBLIC_URL', this.publicUrl);
  }
}
