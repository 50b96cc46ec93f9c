import { describe, it, expect } from '@jest/globals';
import {
  EnvironmentError,
  composeEnvironment,
  expandKubernetes,
  interpolateCompose,
  kubernetesEnvironment,
} from './shipped-environment.js';
import type { Manifest } from './kustomize-renderer.js';

describe('interpolateCompose', () => {
  const vars = { SET: 'x', EMPTY: '' };

  it('substitutes $VAR and ${VAR}, unset as empty, and keeps $$ as a dollar', () => {
    expect(interpolateCompose('a-$SET-${SET}-${NOPE}-$$SET', vars)).toBe('a-x-x--$SET');
  });

  it('tells unset from empty with and without the colon', () => {
    expect(interpolateCompose('${EMPTY:-d}|${EMPTY-d}|${NOPE-d}', vars)).toBe('d||d');
    expect(interpolateCompose('${SET:+alt}|${EMPTY:+alt}|${EMPTY+alt}', vars)).toBe('alt||alt');
  });

  it('expands nested defaults', () => {
    expect(interpolateCompose('${NOPE:-${SET}-y}', vars)).toBe('x-y');
  });

  it('fails with the message of a required variable', () => {
    expect(() => interpolateCompose('${NOPE:?run secrets dev}', vars)).toThrow(/NOPE.*run secrets dev/);
    expect(() => interpolateCompose('${EMPTY:?empty}', vars)).toThrow(EnvironmentError);
    expect(interpolateCompose('${EMPTY?only unset}', vars)).toBe('');
  });

  it('reads list and mapping environments; a bare key takes the shell value or stays unset', () => {
    expect(composeEnvironment({ environment: ['A=${SET}', 'SET', 'NOPE'] }, vars)).toEqual({
      A: 'x',
      SET: 'x',
    });
    expect(composeEnvironment({ environment: { A: '${SET:-d}', B: 3, NOPE: null } }, vars)).toEqual({
      A: 'x',
      B: '3',
    });
  });
});

describe('kubernetesEnvironment', () => {
  const manifests: Manifest[] = [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg' },
      data: { NATS_URL: 'nats://nats:4222', X: '1' },
    },
  ];
  const sources = {
    manifests,
    secrets: { s: { PASSWORD: 'p@ss' } },
    pod: { name: 'pod-1', namespace: 'ns' },
  };

  it('applies envFrom, then env in order with $(VAR) expansion and references', () => {
    const env = kubernetesEnvironment(
      {
        name: 'c',
        envFrom: [{ configMapRef: { name: 'cfg' } }, { secretRef: { name: 'missing', optional: true } }],
        env: [
          { name: 'X', value: '2' },
          { name: 'REDIS_PASSWORD', valueFrom: { secretKeyRef: { name: 's', key: 'PASSWORD' } } },
          { name: 'URL', value: 'redis://:$(REDIS_PASSWORD)@redis/$(UNDEFINED)/$$(X)' },
          { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'KEY', valueFrom: { secretKeyRef: { name: 's', key: 'NOPE', optional: true } } },
        ],
      },
      sources,
    );
    expect(env).toEqual({
      NATS_URL: 'nats://nats:4222',
      X: '2',
      REDIS_PASSWORD: 'p@ss',
      URL: 'redis://:p@ss@redis/$(UNDEFINED)/$(X)',
      POD: 'pod-1',
    });
  });

  it('fails, as the kubelet does, on a required key that does not exist', () => {
    expect(() =>
      kubernetesEnvironment(
        { name: 'c', env: [{ name: 'K', valueFrom: { secretKeyRef: { name: 's', key: 'NOPE' } } }] },
        sources,
      ),
    ).toThrow(/NOPE of Secret s/);
    expect(() =>
      kubernetesEnvironment({ name: 'c', envFrom: [{ secretRef: { name: 'absent' } }] }, sources),
    ).toThrow(/Secret absent does not exist/);
  });

  it('expands only variables defined before', () => {
    expect(expandKubernetes('$(A)$(B)', { A: 'a' })).toBe('a$(B)');
  });
});
