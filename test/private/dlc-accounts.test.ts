import * as fs from 'fs';
import * as path from 'path';
import { DLC_ACCOUNTS } from '../../src/private/dlc-accounts';

/**
 * The region -> account maps of the newest PyTorch, TensorFlow and Hugging Face training images
 * in the SageMaker Python SDK's image URI data (v2 and v3), committed with their source and date.
 */
interface ImageAccounts {
  readonly sdk: string;
  readonly file: string;
  readonly repository: string;
  readonly registries: { [region: string]: string };
}

const data: { images: ImageAccounts[] } = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'dlc-accounts.json'), 'utf8'));

describe('Deep Learning Containers accounts', () => {
  test('the committed SDK data covers the three frameworks in SDK v2 and v3', () => {
    expect(data.images.map((i) => `${i.sdk} ${i.repository}`).sort()).toEqual([
      'v2 huggingface-pytorch-training', 'v2 pytorch-training', 'v2 tensorflow-training',
      'v3 huggingface-pytorch-training', 'v3 pytorch-training', 'v3 tensorflow-training',
    ]);
  });

  describe.each(data.images.map((i) => [`${i.sdk} ${i.repository}`, i] as const))('%s', (_name, image) => {
    test.each(Object.entries(image.registries))('%s is in the table with account %s', (region, account) => {
      expect(DLC_ACCOUNTS[region]).toBe(account);
    });
  });

  test('the table names no region the SDK data does not list', () => {
    const listed = new Set(data.images.flatMap((i) => Object.keys(i.registries)));
    expect(Object.keys(DLC_ACCOUNTS).filter((r) => !listed.has(r))).toEqual([]);
  });
});
