#!/usr/bin/env node
// Synthetic handbook generator, for the scale benchmark (bench/scale.js) and test/scale.
// In: a count N, a seed and an output folder. Out: a valid handbook in that folder —
// facts.yaml (the bundled handbook's 14 facts and 2 derived facts), handbook.yaml,
// synonyms.yaml and N policies `NNNNN-<domain>.md` in the handbook's format (docs/FORMAT.md):
// Chinese text composed from phrase tables (sections 一、二、…, clauses （一）（二）…,
// 800–3000 characters of body), 1–4 provisions each with a type-correct rule over the facts,
// amount tiers on some, parent links to umbrella documents and #links into their sections.
// Deterministic: the same N and seed give byte-identical files (a seeded PRNG, no clock).
//
//   node bench/synth.js --n 1000 --seed 1 --out /tmp/hb-1k [--force]
//
// or, from a script: `import { generateHandbook } from './synth.js'`.

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from './mulberry32.js';

/** A seeded generator (mulberry32) with the helpers the corpus needs. */
export function prng(seed) {
  const next = mulberry32(seed);
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (xs) => xs[Math.floor(next() * xs.length)];
  const chance = (p) => next() < p;
  /** k distinct elements of xs, in xs's order. */
  const some = (xs, k) => {
    const idx = xs.map((_, i) => i);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    return idx.slice(0, Math.min(k, xs.length)).sort((x, y) => x - y).map((i) => xs[i]);
  };
  return { next, int, pick, chance, some };
}

/**
 * General vocabulary, so the corpus has as many distinct words as real text and not only the
 * phrase tables': the simplified side of opencc-js's phrase dictionary (a dependency, pinned,
 * so the list — and the output — is the same everywhere), 2–4 Han characters, in file order.
 * The words make no sense in context; they are there for the index's size and shape.
 */
function generalWords() {
  const require = createRequire(import.meta.url);
  const main = require.resolve('opencc-js');
  const file = join(dirname(main), '..', 'esm-lib', 'dict', 'STPhrases.js');
  const text = readFileSync(file, 'utf8');
  const words = [];
  for (const m of text.matchAll(/(?:^export default "|\|)([^ |"]+) /g)) {
    const w = m[1];
    if (/^\p{Script=Han}{2,4}$/u.test(w)) words.push(w);
  }
  return words;
}
let vocabulary;

// --- Facts: the bundled handbook's, so rules read like the real ones -------------------

const FACTS_YAML = `# 合成手册的事实声明（与内置手册相同的 14 个事实）。由 bench/synth.js 生成。
facts:
  region:
    type: enum
    label: 项目落户地
    question: 项目落户在哪个设区市？
    values: [杭州, 宁波, 温州, 嘉兴, 湖州, 绍兴, 金华, 衢州, 舟山, 台州, 丽水]
  investor_origin:
    type: enum
    label: 投资方类别
    question: 项目投资方属于哪一类？
    values: [省外浙商, 境外浙商, 省内企业, 其他]
  paid_in_wan:
    type: number
    label: 到位资金
    question: 来自省外（含境外）的实际到位资金是多少万元？
    unit: 万元
    min: 0
  registered_capital_wan:
    type: number
    label: 注册资本
    question: 企业注册资本是多少万元？
    unit: 万元
    min: 0
  industry:
    type: enum
    label: 所属产业
    question: 项目属于哪类产业？
    values: [战略性新兴产业, 先进制造业, 现代服务业, 海洋经济, 现代农业, 传统制造业]
  high_pollution:
    type: boolean
    label: 重污染高耗能行业
    question: 项目是否属于重污染、高耗能行业？
  size:
    type: enum
    label: 企业规模
    question: 企业规模属于哪一类？
    values: [大型, 中型, 小型, 微型]
  revenue_wan:
    type: number
    label: 上年度营业收入
    question: 企业上年度营业收入是多少万元？
    unit: 万元
    min: 0
  high_tech:
    type: boolean
    label: 高新技术企业
    question: 企业是否为经认定的高新技术企业？
  headquarters:
    type: enum
    label: 总部设立情况
    question: 企业是否在浙江设立总部或区域总部？
    values: [否, 区域总部, 总部]
  import_export:
    type: boolean
    label: 进出口业务
    question: 企业是否有进出口业务？
  needs_land:
    type: boolean
    label: 新增建设用地需求
    question: 项目是否需要新增建设用地？
  talent:
    type: enum
    label: 高层次人才
    question: 创办人或核心团队中有无经认定的高层次人才？属于哪一级？
    values: [无, 省级, 国家级]
  rd_ratio_pct:
    type: number
    label: 研发投入占比
    question: 研发投入占营业收入的比例是多少（%）？
    unit: '%'
    min: 0
    max: 100

derived:
  return_project:
    label: 回归项目
    description: 省外浙商或境外浙商投资、且有来自省外（含境外）实际到位资金的项目
    rule:
      all:
        - fact: investor_origin
          in: [省外浙商, 境外浙商]
        - fact: paid_in_wan
          gt: 0
  major_return_project:
    label: 重大回归项目
    description: 实际到位资金5亿元（50000万元）及以上的回归项目
    rule:
      all:
        - return_project
        - fact: paid_in_wan
          gte: 50000
`;

const ENUMS = {
  region: ['杭州', '宁波', '温州', '嘉兴', '湖州', '绍兴', '金华', '衢州', '舟山', '台州', '丽水'],
  investor_origin: ['省外浙商', '境外浙商', '省内企业', '其他'],
  industry: ['战略性新兴产业', '先进制造业', '现代服务业', '海洋经济', '现代农业', '传统制造业'],
  size: ['大型', '中型', '小型', '微型'],
  headquarters: ['否', '区域总部', '总部'],
  talent: ['无', '省级', '国家级'],
};
const NUMBERS = {
  paid_in_wan: [1000, 3000, 5000, 10000, 20000, 50000, 100000],
  registered_capital_wan: [500, 1000, 5000, 10000, 50000, 100000],
  revenue_wan: [500, 2000, 5000, 10000, 50000, 100000],
  rd_ratio_pct: [2, 3, 4, 5, 8, 10],
};
const BOOLEANS = ['high_tech', 'import_export', 'needs_land'];
const DERIVED = ['return_project', 'major_return_project'];

// --- Phrase tables ---------------------------------------------------------------------

const CITIES = [
  ['杭州', '杭', ['上城区', '拱墅区', '西湖区', '滨江区', '萧山区', '余杭区', '临平区', '钱塘区', '富阳区', '临安区', '桐庐县', '淳安县', '建德市']],
  ['宁波', '甬', ['海曙区', '江北区', '北仑区', '镇海区', '鄞州区', '奉化区', '余姚市', '慈溪市', '宁海县', '象山县']],
  ['温州', '温', ['鹿城区', '龙湾区', '瓯海区', '洞头区', '瑞安市', '乐清市', '龙港市', '永嘉县', '平阳县', '苍南县', '文成县', '泰顺县']],
  ['嘉兴', '嘉', ['南湖区', '秀洲区', '海宁市', '平湖市', '桐乡市', '嘉善县', '海盐县']],
  ['湖州', '湖', ['吴兴区', '南浔区', '德清县', '长兴县', '安吉县']],
  ['绍兴', '绍', ['越城区', '柯桥区', '上虞区', '诸暨市', '嵊州市', '新昌县']],
  ['金华', '金', ['婺城区', '金东区', '兰溪市', '义乌市', '东阳市', '永康市', '武义县', '浦江县', '磐安县']],
  ['衢州', '衢', ['柯城区', '衢江区', '江山市', '常山县', '开化县', '龙游县']],
  ['舟山', '舟', ['定海区', '普陀区', '岱山县', '嵊泗县']],
  ['台州', '台', ['椒江区', '黄岩区', '路桥区', '临海市', '温岭市', '玉环市', '三门县', '天台县', '仙居县']],
  ['丽水', '丽', ['莲都区', '龙泉市', '青田县', '缙云县', '遂昌县', '松阳县', '云和县', '庆元县', '景宁畲族自治县']],
];

/** One policy domain: slug (ids), tags, issuing departments, section and clause titles, objects. */
const DOMAINS = [
  {
    slug: 'land', topic: '项目用地保障', tags: ['用地', '土地', '要素保障'], depts: [['自然资源和规划局', '资规']],
    sections: ['用地指标保障', '土地供应方式', '用地价格支持', '存量土地盘活'],
    clauses: ['用地指标倾斜', '标准地出让', '弹性年期供地', '先租后让', '工业用地出让底价', '低效用地再开发', '闲置土地处置', '用地报批绿色通道', '容积率奖励', '点状供地', '地下空间利用', '土地复垦'],
    objects: ['新增建设用地计划指标', '工业用地', '标准地', '城镇低效用地', '存量建设用地', '耕地占补平衡指标', '用地预审', '土地出让金'],
    grants: ['优先安排新增建设用地计划指标', '按不低于工业用地出让最低价标准的70%确定出让底价', '实行用地报批绿色通道', '按弹性年期供应工业用地'],
  },
  {
    slug: 'tax', topic: '税收优惠', tags: ['税收', '减免', '税费'], depts: [['税务局', '税']],
    sections: ['税收优惠', '减税降费', '纳税服务'],
    clauses: ['企业所得税优惠', '研发费用加计扣除', '房产税减免', '城镇土地使用税减免', '水利建设基金减免', '增值税留抵退税', '小型微利企业减税', '出口退税提速', '纳税信用激励', '税收征管服务'],
    objects: ['企业所得税', '研发费用', '房产税', '城镇土地使用税', '增值税留抵税额', '出口退税', '地方水利建设基金', '纳税信用等级'],
    grants: ['减按15%的税率征收企业所得税', '按实际发生额的100%在税前加计扣除', '减免房产税和城镇土地使用税', '全额退还增量留抵税额'],
  },
  {
    slug: 'talent', topic: '人才引进', tags: ['人才', '高层次人才', '安家补助'], depts: [['人力资源和社会保障局', '人社'], ['人才工作领导小组办公室', '人才办']],
    sections: ['人才引进', '安居保障', '创业扶持', '人才服务'],
    clauses: ['高层次人才安家补助', '人才公寓', '子女入学', '配偶就业', '创业项目资助', '青年人才生活补贴', '博士后工作站', '技能人才培养', '人才服务绿卡', '柔性引才'],
    objects: ['高层次人才', '青年人才', '博士后', '技能人才', '人才公寓', '安家补助', '生活补贴', '人才服务绿卡'],
    grants: ['国家级人才给予安家补助100万元', '提供人才公寓或租房补贴', '给予创业项目资助', '每月发放生活补贴'],
  },
  {
    slug: 'subsidy', topic: '财政扶持', tags: ['财政', '补助', '奖励'], depts: [['财政局', '财'], ['发展和改革局', '发改']],
    sections: ['落户奖励', '投资补助', '贡献奖励', '资金管理'],
    clauses: ['落户奖励', '设备投资补助', '贷款贴息', '地方财政贡献奖励', '办公用房补助', '首台套保险补偿', '技术改造补助', '专项资金管理', '奖励兑现', '绩效评价'],
    objects: ['落户奖励', '设备投资', '贷款贴息', '地方财政贡献', '办公用房租金', '专项资金', '首台套产品', '技术改造投资'],
    grants: ['按设备投资额的10%给予补助', '按实际贷款利息的50%给予贴息', '前三年按地方财政贡献的50%给予奖励', '给予一次性落户奖励'],
  },
  {
    slug: 'approval', topic: '审批服务', tags: ['审批', '营商环境', '服务'], depts: [['行政审批局', '审批'], ['市场监督管理局', '市监']],
    sections: ['审批提速', '代办服务', '登记便利'],
    clauses: ['并联审批', '容缺受理', '全程代办', '企业开办一件事', '告知承诺制', '区域评估', '施工图联合审查', '多测合一', '联合验收', '证照分离'],
    objects: ['投资项目审批', '企业开办', '施工许可', '竣工验收', '营业执照', '工程建设项目', '告知承诺', '容缺材料'],
    grants: ['实行并联审批和容缺受理', '提供全程免费代办服务', '企业开办一日办结', '实行告知承诺制'],
  },
  {
    slug: 'hq', topic: '总部经济发展', tags: ['总部', '总部经济', '回归'], depts: [['商务局', '商务'], ['投资促进局', '投促']],
    sections: ['总部认定', '总部奖励', '总部服务'],
    clauses: ['总部认定标准', '总部落户奖励', '区域总部奖励', '总部办公用房', '总部经济贡献奖励', '高管人才奖励', '总部企业服务专员', '总部楼宇建设'],
    objects: ['总部企业', '区域总部', '总部大楼', '高级管理人员', '总部经济', '结算中心', '营运中心', '研发总部'],
    grants: ['按注册资本给予一次性落户奖励', '给予购置或租赁办公用房补助', '给予高级管理人员奖励', '按经济贡献给予奖励'],
  },
  {
    slug: 'rd', topic: '科技创新和研发', tags: ['研发', '科技', '创新'], depts: [['科学技术局', '科']],
    sections: ['研发机构建设', '研发投入激励', '成果转化'],
    clauses: ['企业研发中心建设', '研发投入奖励', '高新技术企业认定奖励', '科技成果转化', '创新券', '重点实验室', '产学研合作', '知识产权质押', '首版次软件', '科技企业孵化器'],
    objects: ['研发中心', '研发投入', '高新技术企业', '科技成果', '创新券', '重点实验室', '发明专利', '科技企业孵化器'],
    grants: ['按研发投入增量的10%给予奖励', '对新认定的高新技术企业给予奖励', '给予创新券补助', '按技术合同成交额给予补助'],
  },
  {
    slug: 'finance', topic: '金融服务', tags: ['融资', '金融', '信贷'], depts: [['地方金融监督管理局', '金融'], ['人民银行中心支行', '银']],
    sections: ['信贷支持', '融资担保', '多层次资本市场'],
    clauses: ['小微企业信贷', '融资担保费补助', '应急转贷', '股权投资引导基金', '企业上市奖励', '供应链金融', '知识产权质押融资', '首贷户培育', '续贷服务', '债券融资'],
    objects: ['小微企业贷款', '融资担保', '应急转贷资金', '产业基金', '首次公开发行', '供应链金融', '信用贷款', '企业债券'],
    grants: ['按担保费的50%给予补助', '对成功上市的企业给予奖励', '提供应急转贷资金支持', '给予信用贷款贴息'],
  },
  {
    slug: 'trade', topic: '开放型经济', tags: ['外贸', '进出口', '开放'], depts: [['商务局', '商务']],
    sections: ['外贸稳定', '境外市场开拓', '外资招引'],
    clauses: ['出口信用保险保费补助', '境外展会补助', '跨境电商', '外贸综合服务', '进口贴息', '海外仓建设', '外资企业增资奖励', '服务贸易'],
    objects: ['出口信用保险', '境外展会', '跨境电子商务', '海外仓', '进口贴息', '外资企业', '服务贸易', '加工贸易'],
    grants: ['按保费的50%给予补助', '按展位费的70%给予补助', '给予海外仓建设补助', '给予进口贴息'],
  },
  {
    slug: 'industry', topic: '制造业高质量发展', tags: ['产业', '制造业', '技术改造'], depts: [['经济和信息化局', '经信']],
    sections: ['产业升级', '智能制造', '企业培育'],
    clauses: ['技术改造补助', '智能工厂', '数字化车间', '专精特新企业培育', '单项冠军奖励', '绿色制造', '工业互联网平台', '首台套推广', '小升规奖励', '产业链协同'],
    objects: ['技术改造项目', '智能工厂', '数字化车间', '专精特新企业', '单项冠军', '绿色工厂', '工业互联网', '规模以上工业企业'],
    grants: ['按设备投资额的10%给予补助', '对认定的智能工厂给予奖励', '对首次升规的企业给予奖励', '给予一次性奖励'],
  },
  {
    slug: 'env', topic: '生态环境服务', tags: ['环保', '排污权', '环评'], depts: [['生态环境局', '环']],
    sections: ['环评改革', '排污权', '绿色发展'],
    clauses: ['环评审批提速', '排污权有偿使用', '排污权抵押贷款', '环境影响区域评估', '清洁生产审核', '污染治理补助', '碳排放核查'],
    objects: ['环境影响评价', '排污权', '排污许可', '清洁生产', '污染治理设施', '碳排放', '区域环评'],
    grants: ['环评审批时限压缩至法定时限的一半', '优先保障排污权指标', '按治理投资的20%给予补助', '给予清洁生产审核补助'],
  },
  {
    slug: 'ocean', topic: '海洋经济发展', tags: ['海洋经济', '港口', '渔业'], depts: [['海洋经济发展局', '海']],
    sections: ['海洋产业', '港航物流', '海洋科技'],
    clauses: ['海洋新兴产业扶持', '港口物流补助', '远洋渔业', '海洋科技创新', '海岛开发', '临港产业', '航运服务'],
    objects: ['海洋新兴产业', '港口物流', '远洋渔业', '海洋科技', '临港产业', '集装箱航线', '海岛'],
    grants: ['按航线给予运营补助', '对海洋新兴产业项目给予补助', '给予远洋渔船更新补助', '给予临港产业用海保障'],
  },
];

const SUBJECTS = ['回归项目', '重大回归项目', '省外浙商投资项目', '小微企业', '高新技术企业', '总部企业', '规模以上工业企业', '新引进企业', '科技型中小企业', '民营企业', '外资企业', '专精特新企业'];
const CONDITIONS = ['实际到位资金达到1亿元以上', '投资额在5000万元以上', '上年度营业收入超过2000万元', '研发投入占营业收入比例不低于3%', '当年新增投资超过3000万元', '经认定为高新技术企业', '在本地设立总部或区域总部', '符合国家产业政策和本地产业导向', '亩均税收达到规定标准', '带动就业200人以上'];
const DUTIES = ['加强统筹协调', '明确责任分工', '简化办事程序', '提高服务效率', '强化要素保障', '建立工作台账', '落实专人服务', '定期通报进展', '加强督查考核', '做好政策宣传解读', '加强部门协同', '完善信息共享机制'];
const GOALS = ['确保政策落地见效', '营造良好的营商环境', '推动项目早开工、早投产', '促进产业转型升级', '提升企业获得感', '实现高质量发展', '增强经济发展后劲', '吸引更多浙商回乡投资'];
const LEVELS = ['各县（市、区）', '各有关部门', '各级人民政府', '各开发区（园区）', '市级有关部门'];
const DOCTYPES = ['若干政策', '实施意见', '实施细则', '若干措施', '管理办法', '实施办法', '暂行办法'];
const VERBS = ['支持', '加快', '促进', '推进', '进一步加强', '鼓励', '加大'];

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六', '十七', '十八', '十九', '二十'];

// --- Composition -----------------------------------------------------------------------

function sentence(r, domain, city) {
  vocabulary ??= generalWords();
  const word = () => r.pick(vocabulary);
  if (r.chance(0.3)) {
    const general = [
      () => `重点支持${word()}、${word()}、${word()}等${r.pick(['领域', '项目', '产品', '业态', '环节'])}的${r.pick(domain.objects)}。`,
      () => `${city}${r.pick(['经济开发区', '高新区', '产业园', '小微企业园', '科创园'])}${word()}${r.pick(['项目', '基地', '平台', '中心'])}纳入${r.pick(domain.objects)}支持范围，涉及${word()}和${word()}的，由${r.pick(LEVELS)}统筹安排。`,
    ];
    return r.pick(general)();
  }
  const obj = r.pick(domain.objects);
  const subj = r.pick(SUBJECTS);
  const forms = [
    () => `对${r.pick(CONDITIONS)}的${subj}，${r.pick(domain.grants)}，单个企业每年最高不超过${r.pick([50, 100, 200, 300, 500, 1000])}万元。`,
    () => `${r.pick(LEVELS)}要${r.pick(DUTIES)}，${r.pick(DUTIES)}，${r.pick(GOALS)}。`,
    () => `鼓励${subj}申报${obj}，经审核符合条件的，按照${r.pick(['实际投资额', '实际发生额', '地方财政贡献', '新增投资'])}的${r.pick([5, 10, 15, 20, 30, 50])}%给予支持。`,
    () => `${city}市${r.pick(domain.depts)[0]}负责${obj}的受理和审核，会同${r.pick(['财政', '税务', '商务', '发展改革', '经济和信息化', '自然资源'])}部门在${r.pick([10, 15, 20, 30])}个工作日内办结。`,
    () => `${obj}实行${r.pick(['清单管理', '动态调整', '分级分类管理', '绩效评价', '年度考核', '公示制度'])}，相关情况应在${r.pick(['政府门户网站', '政务服务网', '部门网站'])}公开，接受社会监督。`,
    () => `对${r.pick(DOMAINS).objects[0]}与${obj}相关的事项，${r.pick(LEVELS)}应当${r.pick(DUTIES)}，${r.pick(GOALS)}。`,
    () => `以虚报、冒领等手段骗取${obj}资金的，依法追回资金，并取消其${r.pick([2, 3, 5])}年内申报资格。`,
    () => `${subj}在${city}${r.pick(CITIES.find((c) => c[0] === city)[2])}落户的，可同时享受${r.pick(['省级', '市级', '县级'])}${obj}政策，但同一事项不重复支持。`,
  ];
  return r.pick(forms)();
}

function clauseText(r, domain, city, title) {
  const n = r.int(1, 4);
  let s = `${title}。`;
  for (let i = 0; i < n; i++) s += sentence(r, domain, city);
  return s;
}

function chars(s) {
  return Array.from(s).length;
}

function ruleAtom(r) {
  const kind = r.int(0, 9);
  if (kind <= 2) return r.chance(0.2) ? '{not: high_pollution}' : r.pick(BOOLEANS);
  if (kind === 3) return r.pick(DERIVED);
  if (kind <= 6) {
    const fact = r.pick(Object.keys(ENUMS));
    const values = ENUMS[fact];
    if (r.chance(0.3)) return `{fact: ${fact}, ${r.pick(['equals', 'not_equals'])}: ${r.pick(values)}}`;
    return `{fact: ${fact}, ${r.pick(['in', 'not_in'])}: [${r.some(values, r.int(1, Math.max(1, values.length - 1))).join(', ')}]}`;
  }
  const fact = r.pick(Object.keys(NUMBERS));
  return `{fact: ${fact}, ${r.pick(['gte', 'gte', 'gt', 'lt', 'lte'])}: ${r.pick(NUMBERS[fact])}}`;
}

function rule(r) {
  const n = r.int(1, 4);
  if (n === 1) return ruleAtom(r);
  const atoms = Array.from({ length: n }, () => ruleAtom(r));
  if (n >= 3 && r.chance(0.3)) atoms.splice(0, 2, `{any: [${atoms[0]}, ${atoms[1]}]}`);
  return `{all: [${atoms.join(', ')}]}`;
}

function tiers(r) {
  const fact = r.pick(Object.keys(NUMBERS).filter((f) => f !== 'rd_ratio_pct'));
  const levels = r.some(NUMBERS[fact], r.int(2, 3)).reverse();
  let amount = r.pick([100, 200, 300, 500, 1000]);
  const lines = [];
  for (const level of levels) {
    lines.push(`      - when: {fact: ${fact}, gte: ${level}}`, `        amount: ${amount}`);
    amount = Math.max(10, Math.round(amount / 2));
  }
  return lines.join('\n');
}

function date(r, yearFrom, yearTo) {
  const y = r.int(yearFrom, yearTo);
  const m = r.int(1, 12);
  const d = r.int(1, 28);
  return [y, m, d];
}
const pad2 = (n) => String(n).padStart(2, '0');
const iso = ([y, m, d]) => `${y}-${pad2(m)}-${pad2(d)}`;

/** Every UMBRELLA-th policy (and the first) is an umbrella 若干意见 the others hang under. */
const UMBRELLA = 50;

function policy(r, i, umbrellas, seed) {
  const umbrella = i % UMBRELLA === 0;
  const domain = r.pick(DOMAINS);
  const [city, abbr, counties] = r.pick(CITIES);
  const county = r.chance(0.6) ? r.pick(counties) : '';
  const [dept, deptAbbr] = r.pick(domain.depts);
  const place = county || `${city}市`;
  const issuer = umbrella ? `${city}市人民政府` : `${place}${dept}`;
  const id = umbrella ? `opinions-${String(i).padStart(5, '0')}` : `${domain.slug}-${String(i).padStart(5, '0')}`;
  const published = date(r, 2012, 2025);
  const effective = [published[0], published[1], Math.min(28, published[2] + r.int(0, 20))];
  const expires = r.chance(0.4) ? [effective[0] + r.int(2, 5), 12, 28] : undefined;
  const title = umbrella
    ? `${city}市人民政府关于${r.pick(VERBS)}浙商创业创新促进${r.pick(['经济高质量发展', '产业转型升级', '开放型经济发展', '民营经济发展'])}的若干意见`
    : `${place}关于${r.pick(VERBS)}${domain.topic}的${r.pick(DOCTYPES)}${r.chance(0.2) ? `（${published[0]}—${published[0] + 2}年）` : ''}`;
  const parent = i === 0 ? undefined : umbrellas[umbrellas.length - 1 - (r.chance(0.7) ? 0 : r.int(0, umbrellas.length - 1))];
  const number = `${abbr}${umbrella ? '政' : deptAbbr}〔${published[0]}〕${r.int(1, 150)}号`;

  // Body: preamble, 总体要求, domain sections, 附则; grown until it reaches a target length.
  const target = r.int(800, 3000);
  const preamble = [
    '> 说明：本文件为示例文本，由合成数据生成器生成，条款与数额仅作演示，不是正式文件。',
    '',
    parent
      ? `为贯彻落实[《${parent.title}》](#${parent.id})${r.chance(0.4) ? `，按照[该意见第二部分](#${parent.id}.2)的要求` : ''}，${r.pick(GOALS)}，结合${umbrella ? city : place}实际，制定本${umbrella ? '意见' : '办法'}。`
      : `为${r.pick(VERBS)}浙商创业创新，${r.pick(GOALS)}，现提出如下意见。`,
  ].join('\n');
  const sections = [{ title: '总体要求', clauses: [] }];
  for (const t of r.some(['指导思想', '基本原则', '适用范围', '工作目标', '有关用语'], r.int(2, 3))) {
    sections[0].clauses.push(clauseText(r, domain, city, t));
  }
  const middle = r.some(domain.sections, r.int(1, domain.sections.length));
  for (const t of middle) sections.push({ title: t, clauses: [] });
  const closing = { title: '附则', clauses: [`解释机关。本${umbrella ? '意见' : '办法'}由${issuer}负责解释。`, `施行日期。本${umbrella ? '意见' : '办法'}自${effective[0]}年${effective[1]}月${effective[2]}日起施行。`] };
  let length = chars(preamble) + chars(closing.clauses.join('')) + chars(sections[0].clauses.join(''));
  let turn = 0;
  // Each domain section gets at least one clause; then clauses go round until the target is met.
  do {
    const s = sections[1 + (turn % middle.length)];
    if (s.clauses.length >= NUMERALS.length) break;
    const c = clauseText(r, domain, city, r.pick(domain.clauses));
    s.clauses.push(c);
    length += chars(c) + 6;
    turn++;
  } while (length < target || turn < middle.length);
  sections.push(closing);

  // Provisions: 1–4 distinct clauses of the domain sections.
  const candidates = [];
  sections.forEach((s, si) => {
    if (si === 0 || si === sections.length - 1) return;
    s.clauses.forEach((c, ci) => candidates.push({ si, ci, title: c.slice(0, c.indexOf('。')) }));
  });
  const chosen = r.some(candidates, r.int(1, 4));
  const provisions = chosen.map((c, k) => {
    const lines = [
      `  - id: ${id}.${domain.slug}-${k + 1}`,
      `    title: ${c.title}`,
      `    grants: ${r.pick(domain.grants)}`,
      `    clause: ${NUMERALS[c.si]}（${NUMERALS[c.ci]}）`,
      `    rule: ${rule(r)}`,
    ];
    if (r.chance(0.3)) lines.push('    tiers:', tiers(r));
    return lines.join('\n');
  });

  const front = [
    '---',
    `id: ${id}`,
    `title: ${title}`,
    `issuer: ${issuer}`,
    `number: ${number}`,
    `date: ${iso(published)}`,
    `effective: ${iso(effective)}`,
    ...(expires ? [`expires: ${iso(expires)}`] : []),
    ...(parent ? [`parent: ${parent.id}`] : []),
    'provenance: illustrative',
    'sources:',
    `  - 合成文本：bench/synth.js 生成（种子 ${seed}），非正式文件`,
    `tags: [${r.some(domain.tags, r.int(1, domain.tags.length)).join(', ')}]`,
    'provisions:',
    ...provisions,
    '---',
  ].join('\n');
  const body = sections
    .map((s, si) => [`## ${NUMERALS[si]}、${s.title}`, ...s.clauses.map((c, ci) => `（${NUMERALS[ci]}）${c}`)].join('\n\n'))
    .join('\n\n');
  const text = `${front}\n\n${preamble}\n\n${body}\n`;
  return { id, title, umbrella, file: `${String(i).padStart(5, '0')}-${domain.slug}.md`, text };
}

const HANDBOOK_YAML = `# 合成手册（bench/synth.js 生成，仅供性能测量）。
title: 合成政策汇编
publisher: 合成数据生成器
version: synthetic
`;

const SYNONYMS_YAML = `synonyms:
  - [土地, 用地]
  - [贷款, 信贷, 融资]
  - [补贴, 补助, 资助, 奖励]
  - [总部, 总部经济]
  - [人才, 高层次人才]
  - [研发, 研究开发]
  - [审批, 行政审批]
`;

/**
 * Writes a synthetic handbook of `n` policies into `dir` (created; must be empty unless
 * `force`, which empties it first). Returns the files written and their total size in bytes.
 */
export function generateHandbook({ n, seed = 1, dir, force = false }) {
  if (!Number.isInteger(n) || n < 1) throw new Error(`n 应为正整数，实际为 ${n}`);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    if (!force) throw new Error(`目录 ${dir} 不为空（加 --force 先清空）`);
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  const r = prng(seed);
  const umbrellas = [];
  let bytes = 0;
  const write = (name, text) => {
    writeFileSync(join(dir, name), text);
    bytes += Buffer.byteLength(text);
  };
  write('facts.yaml', FACTS_YAML);
  write('handbook.yaml', HANDBOOK_YAML);
  write('synonyms.yaml', SYNONYMS_YAML);
  for (let i = 0; i < n; i++) {
    const p = policy(r, i, umbrellas, seed);
    if (p.umbrella) umbrellas.push({ id: p.id, title: p.title });
    write(p.file, p.text);
  }
  return { files: n + 3, bytes };
}

function parseArgs(argv) {
  const opts = { n: 100, seed: 1, dir: undefined, force: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--n') opts.n = Number(argv[++i]);
    else if (a === '--seed') opts.seed = Number(argv[++i]);
    else if (a === '--out') opts.dir = argv[++i];
    else if (a === '--force') opts.force = true;
    else throw new Error(`未知参数 ${a}；用法：node bench/synth.js --n N --seed S --out DIR [--force]`);
  }
  if (!opts.dir) throw new Error('缺少 --out DIR');
  return opts;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const opts = parseArgs(process.argv.slice(2));
    const t0 = Date.now();
    const { files, bytes } = generateHandbook(opts);
    process.stderr.write(`已生成 ${opts.n} 份政策（${files} 个文件，${(bytes / 1048576).toFixed(1)} MiB）→ ${opts.dir}，用时 ${Date.now() - t0} ms\n`);
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    process.exitCode = 1;
  }
}
