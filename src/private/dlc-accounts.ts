/**
 * The accounts that publish AWS Deep Learning Containers, by region. Most commercial regions use
 * 763104351884; the others are exceptions. The table is the union of the `registries` of the
 * newest PyTorch, TensorFlow and Hugging Face training images in the SageMaker Python SDK's image
 * URI data (aws/sagemaker-python-sdk v2.257.6 `src/sagemaker/image_uri_config/*.json` and v3.20.0
 * `sagemaker-core/src/sagemaker/core/image_uri_config/*.json`: 40 regions, one account each);
 * a copy with its source and date is in `test/fixtures/dlc-accounts.json` and a test keeps the two
 * equal. A region not listed here has no known account: the caller must name it.
 */
export const DLC_DEFAULT_ACCOUNT = '763104351884';

const DEFAULT_ACCOUNT_REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1',
  'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-southeast-1', 'ap-southeast-2',
];

const OTHER_ACCOUNTS: { [region: string]: string } = {
  'af-south-1': '626614931356',
  'ap-east-1': '871362719292',
  'ap-east-2': '975050140332',
  'ap-northeast-3': '364406365360',
  'ap-south-2': '772153158452',
  'ap-southeast-3': '907027046896',
  'ap-southeast-4': '457447274322',
  'ap-southeast-5': '550225433462',
  'ap-southeast-6': '633930458069',
  'ap-southeast-7': '590183813437',
  'ca-west-1': '204538143572',
  'cn-north-1': '727897471807',
  'cn-northwest-1': '727897471807',
  'eu-central-2': '380420809688',
  'eu-south-1': '692866216735',
  'eu-south-2': '503227376785',
  'il-central-1': '780543022126',
  'me-central-1': '914824155844',
  'me-south-1': '217643126080',
  'mx-central-1': '637423239942',
  'us-gov-east-1': '446045086412',
  'us-gov-west-1': '442386744353',
  'us-iso-east-1': '886529160074',
  'us-isob-east-1': '094389454867',
};

/** Region -> publishing account, for every region with a known account. */
export const DLC_ACCOUNTS: { [region: string]: string } = {
  ...Object.fromEntries(DEFAULT_ACCOUNT_REGIONS.map((r) => [r, DLC_DEFAULT_ACCOUNT])),
  ...OTHER_ACCOUNTS,
};
