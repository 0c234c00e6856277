import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { type Config, ConfigError, defaultConfig, loadConfig } from '../../infra/config.ts';

const withPrimary = (primaryRegion: string): Config => ({ ...structuredClone(defaultConfig), primaryRegion });

describe('claimflow config', () => {
  it('accepts the default topology: three export regions, primary ap-northeast-1', () => {
    expect(loadConfig(structuredClone(defaultConfig))).toEqual(defaultConfig);
  });

  it('rejects a primary region that is not an export region, naming primaryRegion', () => {
    expect(() => loadConfig(withPrimary('us-east-1'))).toThrow(ConfigError);
    expect(() => loadConfig(withPrimary('us-east-1'))).toThrow(
      /primaryRegion: primary region us-east-1 is not one of/,
    );
  });

  it('refuses to build the CDK app from such a config, with the same message', () => {
    expect(() => buildApp(withPrimary('us-east-1'))).toThrow(/primaryRegion/);
  });

  it('rejects a market served by two regions, naming the market code field', () => {
    const cfg = structuredClone(defaultConfig) as Config & { regions: { markets: { code: string }[] }[] };
    cfg.regions[1]!.markets[0]!.code = 'NP';
    expect(() => loadConfig(cfg)).toThrow(/regions\.1\.markets\.0\.code: market NP is served by both/);
  });

  it('rejects a malformed region name, naming the field', () => {
    const cfg = structuredClone(defaultConfig) as Config & { regions: { region: string }[] };
    cfg.regions[0]!.region = 'Mumbai';
    expect(() => loadConfig(cfg)).toThrow(/regions\.0\.region: must be an AWS region name/);
  });
});
