// The grammar (dsl/GRAMMAR.md) as a Chevrotain 11 CST parser. Only structure lives here; turning
// the concrete syntax tree into the typed AST is cst-to-ast.ts. Error recovery is on: the studio
// parses on every keystroke, so a broken declaration must not hide the rest of the file. Block
// loops end with a `junk` alternative that swallows one unexpected token, so every stray token is
// reported where it is and parsing goes on with the next statement.
import { CstParser, EOF, type CstNode, type IOrAlt, type IToken, type TokenType } from 'chevrotain';
import * as T from '../lex/tokens.js';
import { errorMessageProvider } from './error-messages.js';

const K = { ...T.hardKeywords, ...T.softKeywords };

/** Tokens that begin a top-level declaration (when followed by something other than `:`/`=`). */
const DECL_START: readonly TokenType[] = [
  K.pack, K.input, K.knowledge, K.param, K.indicator, K.rule, K.scenario, K.compute, K.test, K.set, K.disable,
  K.regrade, K.restage, K.state, K.lock,
];

export class LiangkuParser extends CstParser {
  /**
   * Alternatives of the hot expression rules, built once (Chevrotain's performance guide): an
   * `OR([...])` literal would allocate a dozen closures on every primary expression.
   */
  private readonly alts = new Map<string, IOrAlt<unknown>[]>();
  private cached(key: string, build: () => IOrAlt<unknown>[]): IOrAlt<unknown>[] {
    let a = this.alts.get(key);
    if (!a) this.alts.set(key, (a = build()));
    return a;
  }
  constructor() {
    super(T.allTokens, { recoveryEnabled: true, nodeLocationTracking: 'full', maxLookahead: 3, errorMessageProvider });
    this.performSelfAnalysis();
  }

  /** Loop guard for `{ … }` blocks and the file: stop at `}`, at the end, or at a new declaration. */
  private inBlock(): boolean {
    const t = this.LA(1).tokenType;
    return t !== EOF && t !== T.RCurly && !this.isDeclStartAfterBlockEnd();
  }

  /**
   * A soft keyword at the start of a line begins a new statement, never an identifier: so a
   * half-typed `when x ==` followed by `flag …` on the next line reports the missing operand where
   * it is, instead of reading `flag` as a name and failing somewhere later.
   */
  private startsStatement(): boolean {
    const t = this.LA(1);
    if (!T.isSoftWord(t.tokenType)) return false;
    const prev = this.LA(0);
    // At the very start of the input (a template placeholder, a lone expression) there is no line
    // to start: a soft word there is a name.
    if (prev.tokenType === EOF) return false;
    return (prev.endLine ?? 0) < (t.startLine ?? 0);
  }

  private isDeclStart(): boolean {
    const t = this.LA(1).tokenType;
    return DECL_START.includes(t);
  }
  private notAt(...types: TokenType[]): boolean {
    const t = this.LA(1).tokenType;
    return t !== EOF && !types.includes(t);
  }

  public file = this.RULE('file', () => {
    this.MANY({
      GATE: () => this.LA(1).tokenType !== EOF,
      DEF: () =>
      this.OR({
        IGNORE_AMBIGUITIES: true,
        DEF: [
          { ALT: () => this.SUBRULE(this.packDecl) },
          { ALT: () => this.SUBRULE(this.inputDecl) },
          { ALT: () => this.SUBRULE(this.knowledgeDecl) },
          { ALT: () => this.SUBRULE(this.paramDecl) },
          { ALT: () => this.SUBRULE(this.indicatorDecl) },
          { ALT: () => this.SUBRULE(this.ruleDecl) },
          { ALT: () => this.SUBRULE(this.scenarioDecl) },
          { ALT: () => this.SUBRULE(this.computeDecl) },
          { ALT: () => this.SUBRULE(this.testDecl) },
          { ALT: () => this.SUBRULE(this.setChange) },
          { ALT: () => this.SUBRULE(this.disableChange) },
          { ALT: () => this.SUBRULE(this.regradeChange) },
          { ALT: () => this.SUBRULE(this.restageChange) },
          { ALT: () => this.SUBRULE(this.stateChange) },
          { ALT: () => this.SUBRULE(this.lockChange) },
          { GATE: () => this.LA(1).tokenType !== EOF, ALT: () => this.CONSUME(T.AnyToken, { LABEL: 'junk' }) },
        ],
      }),
    });
  });

  // ---- shared pieces ------------------------------------------------------------------------
  private dotted = this.RULE('dotted', () => {
    this.CONSUME(T.AnyWord, { LABEL: 'part' });
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.CONSUME2(T.AnyWord, { LABEL: 'part' });
    });
  });

  /** A rule code: GZ10000204001000, JN0001, 10A001, 10001. */
  private code = this.RULE('code', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.AnyWord, { LABEL: 'tok' }) },
      { ALT: () => this.CONSUME(T.DigitWord, { LABEL: 'tok' }) },
      { ALT: () => this.CONSUME(T.NumberTok, { LABEL: 'tok' }) },
    ]);
  });

  private codeList = this.RULE('codeList', () => {
    this.SUBRULE(this.code);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.code);
    });
  });

  /** One enumerated word (stage, scene, grade, window, state): English or its Chinese alias. */
  private word = this.RULE('word', () => this.CONSUME(T.AnyWord, { LABEL: 'tok' }));

  private wordList = this.RULE('wordList', () => {
    this.SUBRULE(this.word);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.word);
    });
  });

  private because = this.RULE('because', () => {
    this.CONSUME(K.because);
    this.CONSUME(T.StringTok, { LABEL: 'reason' });
  });

  private period = this.RULE('period', () => {
    this.CONSUME(T.DateTok, { LABEL: 'from' });
    this.OPTION(() => {
      this.CONSUME(T.DotDot);
      this.CONSUME2(T.DateTok, { LABEL: 'to' });
    });
  });

  private typeRef = this.RULE('typeRef', () => {
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => {
      this.CONSUME(T.Lt);
      this.SUBRULE(this.typeRef, { LABEL: 'arg' });
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.typeRef, { LABEL: 'arg' });
      });
      this.CONSUME(T.Gt);
    });
    this.OPTION2(() => this.CONSUME(T.Question, { LABEL: 'optional' }));
  });

  private title = this.RULE('title', () => this.CONSUME(T.StringTok, { LABEL: 'str' }));

  /** Swallow one token that cannot start anything in this block (reported by cst-to-ast). */
  private junkIn(...stop: TokenType[]) {
    return {
      GATE: () => this.notAt(T.RCurly, ...stop) && !this.isDeclStartAfterBlockEnd(),
      ALT: () => this.CONSUME(T.AnyToken, { LABEL: 'junk' }),
    };
  }
  // Inside a block, a top-level keyword usually means the block's `}` is missing: stop and let the
  // file loop pick the declaration up, rather than eating the rest of the file.
  private isDeclStartAfterBlockEnd(): boolean {
    const t = this.LA(1).tokenType;
    const t2 = this.LA(2).tokenType;
    const t3 = this.LA(3).tokenType;
    const named = t2 === T.Identifier || t2 === T.DigitWord || t2 === T.NumberTok || T.isSoftWord(t2);
    const titled = (...after: TokenType[]) => t3 === T.StringTok || after.includes(t3);
    // A declaration header has a recognisable shape; a bare keyword (e.g. `scenario X` inside a
    // test block) does not end the block.
    if (t === K.rule || t === K.scenario) return named && titled(T.LCurly);
    if (t === K.test) return t2 === T.StringTok && t3 === T.LCurly;
    if (t === K.compute || t === K.param || t === K.indicator) return named && titled(T.Colon);
    if (t === K.knowledge) return named && titled(T.LCurly, K.from, K.add, K.replace);
    if (t === K.input) return named && (t3 === T.Dot || t3 === T.Colon);
    if (t === K.pack) return named;
    return false;
  }

  // ---- declarations -------------------------------------------------------------------------
  private packDecl = this.RULE('packDecl', () => {
    this.CONSUME(K.pack);
    this.SUBRULE(this.dotted, { LABEL: 'name' });
    this.OR([
      { ALT: () => this.CONSUME(T.VersionTok, { LABEL: 'version' }) },
      { ALT: () => this.CONSUME(T.NumberTok, { LABEL: 'version' }) },
    ]);
    this.OPTION(() => this.SUBRULE(this.title));
    this.OPTION2(() => {
      this.CONSUME(K.extends);
      this.SUBRULE2(this.dotted, { LABEL: 'base' });
      this.OR2([
        { ALT: () => this.CONSUME(T.RangeTok, { LABEL: 'range' }) },
        { ALT: () => this.CONSUME2(T.VersionTok, { LABEL: 'range' }) },
        { ALT: () => this.CONSUME2(T.NumberTok, { LABEL: 'range' }) },
        { ALT: () => this.CONSUME(T.Star, { LABEL: 'range' }) },
      ]);
    });
    this.CONSUME(T.LCurly);
    this.MANY({
      GATE: () => this.inBlock(),
      DEF: () =>
      this.OR3({
        IGNORE_AMBIGUITIES: true,
        DEF: [
          { ALT: () => this.SUBRULE(this.packRegion) },
          { ALT: () => this.SUBRULE(this.packEffective) },
          { ALT: () => this.SUBRULE(this.packYear) },
          this.junkIn(),
        ],
      }),
    });
    this.CONSUME(T.RCurly);
  });
  private packRegion = this.RULE('packRegion', () => {
    this.CONSUME(K.region);
    this.CONSUME(T.StringTok, { LABEL: 'value' });
  });
  private packEffective = this.RULE('packEffective', () => {
    this.CONSUME(K.effective);
    this.SUBRULE(this.period);
  });
  private packYear = this.RULE('packYear', () => {
    this.CONSUME(K.year);
    this.OR([
      { ALT: () => this.CONSUME(K.calendar, { LABEL: 'value' }) },
      { ALT: () => this.CONSUME(T.MonthDay, { LABEL: 'value' }) },
    ]);
  });

  private inputDecl = this.RULE('inputDecl', () => {
    this.CONSUME(K.input);
    this.SUBRULE(this.dotted, { LABEL: 'path' });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
    this.OPTION(() => this.SUBRULE(this.title));
    this.OPTION2(() => {
      this.CONSUME(K.values);
      this.CONSUME(T.LCurly);
      this.MANY(() => this.SUBRULE(this.valueLabel));
      this.CONSUME(T.RCurly);
    });
  });
  private valueLabel = this.RULE('valueLabel', () => {
    this.CONSUME(T.StringTok, { LABEL: 'value' });
    this.OPTION(() => this.CONSUME2(T.StringTok, { LABEL: 'label' }));
    this.OPTION2(() => this.CONSUME(T.Comma));
  });

  /** `knowledge NAME "title" from "file" { columns }` or the overlay `knowledge NAME add|replace from "file"`. */
  private knowledgeDecl = this.RULE('knowledgeDecl', () => {
    this.CONSUME(K.knowledge);
    this.CONSUME(T.AnyWord, { LABEL: 'name' });
    this.OR([
      {
        GATE: () => this.LA(1).tokenType === K.add || this.LA(1).tokenType === K.replace,
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(K.add, { LABEL: 'mode' }) },
            { ALT: () => this.CONSUME(K.replace, { LABEL: 'mode' }) },
          ]);
          this.CONSUME(K.from);
          this.CONSUME(T.StringTok, { LABEL: 'rowsSource' });
          this.OPTION(() => this.SUBRULE(this.because));
        },
      },
      {
        ALT: () => {
          this.OPTION2(() => this.SUBRULE(this.title));
          this.OPTION3(() => {
            this.CONSUME2(K.from);
            this.CONSUME2(T.StringTok, { LABEL: 'source' });
          });
          this.CONSUME(T.LCurly);
          this.MANY({
            GATE: () => this.inBlock(),
            DEF: () =>
            this.OR3({
              IGNORE_AMBIGUITIES: true,
              DEF: [
                { GATE: () => this.LA(2).tokenType !== T.Colon, ALT: () => this.CONSUME(K.locked, { LABEL: 'lockedAll' }) },
                {
                  GATE: () => this.LA(2).tokenType !== T.Colon,
                  ALT: () => {
                    this.CONSUME(K.lock);
                    this.CONSUME2(T.AnyWord, { LABEL: 'lockCol' });
                    this.MANY2(() => {
                      this.CONSUME(T.Comma);
                      this.CONSUME3(T.AnyWord, { LABEL: 'lockCol' });
                    });
                  },
                },
                { GATE: () => this.LA(2).tokenType === T.Colon || this.LA(3).tokenType === T.Colon, ALT: () => this.SUBRULE(this.columnDecl) },
                this.junkIn(),
              ],
            }),
          });
          this.CONSUME(T.RCurly);
        },
      },
    ]);
  });
  private columnDecl = this.RULE('columnDecl', () => {
    this.OPTION({ GATE: () => this.LA(2).tokenType !== T.Colon, DEF: () => this.CONSUME(K.key, { LABEL: 'key' }) });
    this.CONSUME(T.AnyWord, { LABEL: 'name' });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
    this.OPTION2(() => this.SUBRULE(this.title));
  });

  private paramDecl = this.RULE('paramDecl', () => {
    this.CONSUME(K.param);
    this.CONSUME(T.AnyWord, { LABEL: 'name' });
    this.OPTION(() => this.SUBRULE(this.title));
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
    this.CONSUME(T.Assign);
    this.SUBRULE(this.expr, { LABEL: 'value' });
    this.OPTION2(() => {
      this.CONSUME(K.range);
      this.SUBRULE2(this.expr, { LABEL: 'lo' });
      this.CONSUME(T.DotDot);
      this.SUBRULE3(this.expr, { LABEL: 'hi' });
    });
    this.OPTION3(() => {
      this.CONSUME(K.unit);
      this.CONSUME(T.StringTok, { LABEL: 'unit' });
    });
    this.OPTION4(() => this.CONSUME(K.illustrative, { LABEL: 'illustrative' }));
  });

  private indicatorDecl = this.RULE('indicatorDecl', () => {
    this.CONSUME(K.indicator);
    this.CONSUME(T.AnyWord, { LABEL: 'name' });
    this.OPTION(() => this.SUBRULE(this.title));
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
    this.OPTION4(() => {
      this.CONSUME(K.for);
      this.CONSUME(T.Identifier, { LABEL: 'unitBinder' });
      this.CONSUME(K.in);
      this.SUBRULE3(this.expr, { LABEL: 'unitSource' });
    });
    this.OPTION2(() => {
      this.CONSUME(K.per);
      this.SUBRULE(this.groupKey);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.groupKey);
      });
    });
    this.OPTION3(() => {
      this.CONSUME(K.where);
      this.SUBRULE(this.expr, { LABEL: 'where' });
    });
    this.CONSUME(T.Assign);
    this.SUBRULE2(this.expr, { LABEL: 'value' });
  });
  private groupKey = this.RULE('groupKey', () => {
    this.CONSUME(T.AnyWord, { LABEL: 'name' });
    this.CONSUME(T.Assign);
    this.SUBRULE(this.expr, { LABEL: 'value' });
  });

  private ruleDecl = this.RULE('ruleDecl', () => {
    this.CONSUME(K.rule);
    this.SUBRULE(this.code);
    this.OPTION(() => this.SUBRULE(this.title));
    this.CONSUME(T.LCurly);
    this.MANY({
      GATE: () => this.inBlock(),
      DEF: () =>
      this.OR({
        IGNORE_AMBIGUITIES: true,
        DEF: [
          { ALT: () => this.SUBRULE(this.classAttr) },
          { ALT: () => this.SUBRULE(this.resultAttr) },
          { ALT: () => this.SUBRULE(this.stagesAttr) },
          { ALT: () => this.SUBRULE(this.scenesAttr) },
          { ALT: () => this.SUBRULE(this.windowAttr) },
          { ALT: () => this.SUBRULE(this.basisAttr) },
          { ALT: () => this.SUBRULE(this.stateAttr) },
          { ALT: () => this.SUBRULE(this.needsAttr) },
          { ALT: () => this.SUBRULE(this.effectiveAttr) },
          { ALT: () => this.SUBRULE(this.excludeAttr) },
          { ALT: () => this.SUBRULE(this.forStep) },
          { ALT: () => this.SUBRULE(this.letStep) },
          { ALT: () => this.SUBRULE(this.whenStep) },
          { ALT: () => this.SUBRULE(this.findingClause) },
          this.junkIn(),
        ],
      }),
    });
    this.CONSUME(T.RCurly);
  });
  private classAttr = this.RULE('classAttr', () => {
    this.CONSUME(K.class);
    this.OR([
      { ALT: () => this.CONSUME(T.StringTok, { LABEL: 'str' }) },
      {
        ALT: () => {
          this.CONSUME(T.AnyWord, { LABEL: 'part' });
          this.MANY(() => {
            this.CONSUME(T.Slash);
            this.CONSUME2(T.AnyWord, { LABEL: 'part' });
          });
        },
      },
    ]);
  });
  private resultAttr = this.RULE('resultAttr', () => {
    this.CONSUME(K.result);
    this.SUBRULE(this.word);
  });
  private stagesAttr = this.RULE('stagesAttr', () => {
    this.CONSUME(K.stages);
    this.SUBRULE(this.wordList);
  });
  private scenesAttr = this.RULE('scenesAttr', () => {
    this.CONSUME(K.scenes);
    this.SUBRULE(this.wordList);
  });
  private windowAttr = this.RULE('windowAttr', () => {
    this.CONSUME(K.window);
    this.SUBRULE(this.word);
  });
  private basisAttr = this.RULE('basisAttr', () => {
    this.CONSUME(K.basis);
    this.CONSUME(T.StringTok, { LABEL: 'str' });
  });
  private stateAttr = this.RULE('stateAttr', () => {
    this.CONSUME(K.state);
    this.SUBRULE(this.word);
    this.OPTION(() => this.SUBRULE(this.because));
  });
  private needsAttr = this.RULE('needsAttr', () => {
    this.CONSUME(K.needs);
    this.CONSUME(T.StringTok, { LABEL: 'str' });
  });
  private effectiveAttr = this.RULE('effectiveAttr', () => {
    this.CONSUME(K.effective);
    this.SUBRULE(this.period);
  });
  private excludeAttr = this.RULE('excludeAttr', () => {
    this.CONSUME(K.exclude);
    this.CONSUME(K.when);
    this.SUBRULE(this.expr, { LABEL: 'cond' });
    this.OPTION(() => this.SUBRULE(this.because));
  });
  private forStep = this.RULE('forStep', () => {
    this.CONSUME(K.for);
    this.CONSUME(T.Identifier, { LABEL: 'binder' });
    this.CONSUME(K.in);
    this.SUBRULE(this.expr, { LABEL: 'source' });
  });
  private letStep = this.RULE('letStep', () => {
    this.CONSUME(K.let);
    this.CONSUME(T.Identifier, { LABEL: 'binder' });
    this.CONSUME(T.Assign);
    this.SUBRULE(this.expr, { LABEL: 'value' });
  });
  private whenStep = this.RULE('whenStep', () => {
    this.CONSUME(K.when);
    this.SUBRULE(this.expr, { LABEL: 'cond' });
  });
  /** `flag …` with optional `involve`, `amount`, `say`; or a bare `say "…"` (flags the encounter). */
  private findingClause = this.RULE('findingClause', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.flag);
          this.SUBRULE(this.expr, { LABEL: 'flagged' });
          this.MANY(() => {
            this.CONSUME(T.Comma);
            this.SUBRULE2(this.expr, { LABEL: 'flagged' });
          });
          this.OPTION2(() => {
            this.CONSUME(K.involve);
            this.SUBRULE3(this.expr, { LABEL: 'involved' });
            this.MANY2(() => {
              this.CONSUME2(T.Comma);
              this.SUBRULE4(this.expr, { LABEL: 'involved' });
            });
          });
          this.OPTION3(() => {
            this.CONSUME(K.amount);
            this.SUBRULE5(this.expr, { LABEL: 'amount' });
          });
          this.OPTION4(() => {
            this.CONSUME(K.say);
            this.CONSUME(T.StringTok, { LABEL: 'message' });
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME2(K.say);
          this.CONSUME2(T.StringTok, { LABEL: 'message' });
        },
      },
    ]);
  });

  private scenarioDecl = this.RULE('scenarioDecl', () => {
    this.CONSUME(K.scenario);
    this.CONSUME(T.AnyWord, { LABEL: 'name' });
    this.OPTION(() => this.SUBRULE(this.title));
    this.CONSUME(T.LCurly);
    this.MANY({
      GATE: () => this.inBlock(),
      DEF: () =>
      this.OR({
        IGNORE_AMBIGUITIES: true,
        DEF: [
          { ALT: () => this.SUBRULE(this.scenarioStage) },
          { ALT: () => this.SUBRULE(this.scenarioScenes) },
          { ALT: () => this.SUBRULE(this.scenarioInclude) },
          { ALT: () => this.SUBRULE(this.scenarioExclude) },
          { ALT: () => this.SUBRULE(this.scenarioRegrade) },
          { ALT: () => this.SUBRULE(this.scenarioSet) },
          this.junkIn(),
        ],
      }),
    });
    this.CONSUME(T.RCurly);
  });
  private scenarioStage = this.RULE('scenarioStage', () => {
    this.CONSUME(K.stage);
    this.SUBRULE(this.word);
  });
  private scenarioScenes = this.RULE('scenarioScenes', () => {
    this.CONSUME(K.scenes);
    this.SUBRULE(this.wordList);
  });
  private scenarioInclude = this.RULE('scenarioInclude', () => {
    this.CONSUME(K.include);
    this.OR([
      { GATE: () => this.LA(2).tokenType !== T.Comma, ALT: () => this.CONSUME(K.all, { LABEL: 'all' }) },
      { ALT: () => this.SUBRULE(this.codeList) },
    ]);
  });
  private scenarioExclude = this.RULE('scenarioExclude', () => {
    this.CONSUME(K.exclude);
    this.SUBRULE(this.codeList);
  });
  private scenarioRegrade = this.RULE('scenarioRegrade', () => {
    this.CONSUME(K.regrade);
    this.SUBRULE(this.code, { LABEL: 'target' });
    this.CONSUME(K.to);
    this.SUBRULE(this.word, { LABEL: 'to' });
  });
  private scenarioSet = this.RULE('scenarioSet', () => {
    this.CONSUME(K.set);
    this.CONSUME(T.AnyWord, { LABEL: 'param' });
    this.CONSUME(T.Assign);
    this.SUBRULE(this.expr, { LABEL: 'value' });
  });

  private computeDecl = this.RULE('computeDecl', () => {
    this.CONSUME(K.compute);
    this.CONSUME(T.AnyWord, { LABEL: 'name' });
    this.OPTION(() => this.SUBRULE(this.title));
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeRef);
    this.CONSUME(T.LCurly);
    this.MANY({
      GATE: () => this.inBlock(),
      DEF: () =>
      this.OR({
        IGNORE_AMBIGUITIES: true,
        DEF: [
          { ALT: () => this.SUBRULE(this.effectiveAttr) },
          { ALT: () => this.SUBRULE(this.letStep) },
          { ALT: () => this.SUBRULE(this.whenStep) },
          { ALT: () => this.SUBRULE(this.computeValue) },
          this.junkIn(),
        ],
      }),
    });
    this.CONSUME(T.RCurly);
  });
  private computeValue = this.RULE('computeValue', () => {
    this.CONSUME(K.value);
    this.SUBRULE(this.expr, { LABEL: 'value' });
  });

  private testDecl = this.RULE('testDecl', () => {
    this.CONSUME(K.test);
    this.CONSUME(T.StringTok, { LABEL: 'name' });
    this.CONSUME(T.LCurly);
    this.MANY({
      GATE: () => this.inBlock(),
      DEF: () =>
      this.OR({
        IGNORE_AMBIGUITIES: true,
        DEF: [
          { ALT: () => this.SUBRULE(this.testRequest) },
          { ALT: () => this.SUBRULE(this.testStage) },
          { ALT: () => this.SUBRULE(this.testScenario) },
          { ALT: () => this.SUBRULE(this.testAsOf) },
          { ALT: () => this.SUBRULE(this.expectation) },
          this.junkIn(),
        ],
      }),
    });
    this.CONSUME(T.RCurly);
  });
  private testRequest = this.RULE('testRequest', () => {
    this.CONSUME(K.request);
    this.CONSUME(T.StringTok, { LABEL: 'file' });
    this.OPTION(() => {
      this.CONSUME(K.with);
      this.CONSUME(T.LCurly);
      this.OPTION2(() => {
        this.SUBRULE(this.patch);
        this.MANY(() => {
          this.CONSUME(T.Comma);
          this.SUBRULE2(this.patch);
        });
      });
      this.CONSUME(T.RCurly);
    });
  });
  private patch = this.RULE('patch', () => {
    this.CONSUME(T.AnyWord, { LABEL: 'seg' });
    this.MANY({
      GATE: () => this.inBlock(),
      DEF: () =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Dot);
            this.CONSUME2(T.AnyWord, { LABEL: 'seg' });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.LBracket);
            this.CONSUME(T.NumberTok, { LABEL: 'seg' });
            this.CONSUME(T.RBracket);
          },
        },
      ]),
    });
    this.CONSUME(T.Assign);
    this.SUBRULE(this.expr, { LABEL: 'value' });
  });
  private testStage = this.RULE('testStage', () => {
    this.CONSUME(K.stage);
    this.SUBRULE(this.word);
  });
  private testScenario = this.RULE('testScenario', () => {
    this.CONSUME(K.scenario);
    this.CONSUME(T.AnyWord, { LABEL: 'name' });
  });
  private testAsOf = this.RULE('testAsOf', () => {
    this.CONSUME(K.as_of);
    this.CONSUME(T.DateTok, { LABEL: 'date' });
  });
  private expectation = this.RULE('expectation', () => {
    this.CONSUME(K.expect);
    this.OR([
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(K.no, { LABEL: 'no' }));
          this.CONSUME(K.finding);
          this.SUBRULE(this.code);
          this.OPTION2(() => {
            this.CONSUME(K.on);
            this.CONSUME(K.line);
            this.CONSUME(T.StringTok, { LABEL: 'line' });
          });
          this.OPTION3(() => {
            this.CONSUME(K.amount);
            this.CONSUME(T.NumberTok, { LABEL: 'amount' });
          });
          this.OPTION4(() => {
            this.CONSUME(K.result);
            this.SUBRULE(this.word, { LABEL: 'result' });
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.findings);
          this.CONSUME2(T.NumberTok, { LABEL: 'count' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.value);
          this.CONSUME(T.AnyWord, { LABEL: 'valueName' });
          this.CONSUME(T.Assign);
          this.OR2([
            { ALT: () => this.CONSUME3(T.NumberTok, { LABEL: 'expected' }) },
            { ALT: () => this.CONSUME(K.none, { LABEL: 'expectedNone' }) },
          ]);
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.notice);
          this.CONSUME2(T.StringTok, { LABEL: 'notice' });
        },
      },
    ]);
  });

  // ---- local changes ------------------------------------------------------------------------
  private setChange = this.RULE('setChange', () => {
    this.CONSUME(K.set);
    this.CONSUME(T.AnyWord, { LABEL: 'param' });
    this.CONSUME(T.Assign);
    this.SUBRULE(this.expr, { LABEL: 'value' });
    this.OPTION(() => this.SUBRULE(this.because));
  });
  private disableChange = this.RULE('disableChange', () => {
    this.CONSUME(K.disable);
    this.SUBRULE(this.code);
    this.OPTION(() => this.SUBRULE(this.because));
  });
  private regradeChange = this.RULE('regradeChange', () => {
    this.CONSUME(K.regrade);
    this.SUBRULE(this.code);
    this.CONSUME(K.to);
    this.SUBRULE(this.word, { LABEL: 'to' });
    this.OPTION(() => {
      this.CONSUME(K.in);
      this.SUBRULE(this.wordList, { LABEL: 'stages' });
    });
    this.OPTION2(() => this.SUBRULE(this.because));
  });
  private restageChange = this.RULE('restageChange', () => {
    this.CONSUME(K.restage);
    this.SUBRULE(this.code);
    this.OPTION(() => {
      this.CONSUME(K.stages);
      this.SUBRULE(this.wordList, { LABEL: 'stages' });
    });
    this.OPTION2(() => {
      this.CONSUME(K.scenes);
      this.SUBRULE2(this.wordList, { LABEL: 'scenes' });
    });
    this.OPTION3(() => this.SUBRULE(this.because));
  });
  private stateChange = this.RULE('stateChange', () => {
    this.CONSUME(K.state);
    this.SUBRULE(this.code);
    this.SUBRULE(this.word, { LABEL: 'to' });
    this.OPTION(() => this.SUBRULE(this.because));
  });
  private lockChange = this.RULE('lockChange', () => {
    this.CONSUME(K.lock);
    this.OR([
      { ALT: () => { this.CONSUME(K.param, { LABEL: 'target' }); this.CONSUME(T.AnyWord, { LABEL: 'name' }); } },
      { ALT: () => { this.CONSUME(K.rule, { LABEL: 'target' }); this.SUBRULE(this.code); } },
      {
        ALT: () => {
          this.CONSUME(K.knowledge, { LABEL: 'target' });
          this.CONSUME2(T.AnyWord, { LABEL: 'name' });
          this.OPTION(() => {
            this.CONSUME(K.columns);
            this.CONSUME3(T.AnyWord, { LABEL: 'column' });
            this.MANY(() => {
              this.CONSUME(T.Comma);
              this.CONSUME4(T.AnyWord, { LABEL: 'column' });
            });
          });
        },
      },
    ]);
  });

  // ---- expressions --------------------------------------------------------------------------
  public expr = this.RULE('expr', () => {
    this.OR(this.cached('expr', () => [{ ALT: () => this.SUBRULE(this.ifExpr) }, { ALT: () => this.SUBRULE(this.coalesceExpr) }]));
  });
  private ifExpr = this.RULE('ifExpr', () => {
    this.CONSUME(K.if);
    this.SUBRULE(this.expr, { LABEL: 'cond' });
    this.CONSUME(K.then);
    this.SUBRULE2(this.expr, { LABEL: 'then' });
    this.CONSUME(K.else);
    this.SUBRULE3(this.expr, { LABEL: 'else' });
  });
  private coalesceExpr = this.RULE('coalesceExpr', () => {
    this.SUBRULE(this.orExpr, { LABEL: 'operand' });
    this.MANY(() => {
      this.CONSUME(T.Coalesce);
      this.SUBRULE2(this.orExpr, { LABEL: 'operand' });
    });
  });
  private orExpr = this.RULE('orExpr', () => {
    this.SUBRULE(this.andExpr, { LABEL: 'operand' });
    this.MANY(() => {
      this.CONSUME(K.or);
      this.SUBRULE2(this.andExpr, { LABEL: 'operand' });
    });
  });
  private andExpr = this.RULE('andExpr', () => {
    this.SUBRULE(this.notExpr, { LABEL: 'operand' });
    this.MANY(() => {
      this.CONSUME(K.and);
      this.SUBRULE2(this.notExpr, { LABEL: 'operand' });
    });
  });
  private notExpr = this.RULE('notExpr', () => {
    this.OR(this.cached('notExpr', () => [
      {
        ALT: () => {
          this.CONSUME(K.not, { LABEL: 'not' });
          this.SUBRULE(this.notExpr, { LABEL: 'operand' });
        },
      },
      { ALT: () => this.SUBRULE(this.cmpExpr, { LABEL: 'cmp' }) },
    ]));
  });
  private cmpExpr = this.RULE('cmpExpr', () => {
    this.SUBRULE(this.addExpr, { LABEL: 'left' });
    this.OPTION(() =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.CmpOp, { LABEL: 'op' });
            this.SUBRULE2(this.addExpr, { LABEL: 'right' });
          },
        },
        {
          ALT: () => {
            this.OPTION2(() => this.CONSUME(K.not, { LABEL: 'negated' }));
            this.CONSUME(K.in);
            this.SUBRULE3(this.addExpr, { LABEL: 'right' });
            this.OPTION3(() => {
              this.CONSUME(T.DotDot);
              this.SUBRULE4(this.addExpr, { LABEL: 'hi' });
            });
          },
        },
      ]),
    );
  });
  private addExpr = this.RULE('addExpr', () => {
    this.SUBRULE(this.mulExpr, { LABEL: 'operand' });
    this.MANY(() => {
      this.CONSUME(T.AddOp, { LABEL: 'op' });
      this.SUBRULE2(this.mulExpr, { LABEL: 'operand' });
    });
  });
  private mulExpr = this.RULE('mulExpr', () => {
    this.SUBRULE(this.unaryExpr, { LABEL: 'operand' });
    this.MANY(() => {
      this.CONSUME(T.MulOp, { LABEL: 'op' });
      this.SUBRULE2(this.unaryExpr, { LABEL: 'operand' });
    });
  });
  private unaryExpr = this.RULE('unaryExpr', () => {
    this.OR(this.cached('unaryExpr', () => [
      {
        ALT: () => {
          this.CONSUME(T.Minus, { LABEL: 'minus' });
          this.SUBRULE(this.unaryExpr, { LABEL: 'operand' });
        },
      },
      { ALT: () => this.SUBRULE(this.postfixExpr, { LABEL: 'postfix' }) },
    ]));
  });
  private postfixExpr = this.RULE('postfixExpr', () => {
    this.SUBRULE(this.primary);
    this.MANY(() =>
      this.OR(this.cached('postfix', () => [
        { ALT: () => this.SUBRULE(this.memberSuffix, { LABEL: 'suffix' }) },
        { ALT: () => this.SUBRULE(this.indexSuffix, { LABEL: 'suffix' }) },
      ])),
    );
  });
  private memberSuffix = this.RULE('memberSuffix', () => {
    this.CONSUME(T.Dot);
    this.CONSUME(T.AnyWord, { LABEL: 'member' });
  });
  private indexSuffix = this.RULE('indexSuffix', () => {
    this.CONSUME(T.LBracket);
    this.SUBRULE(this.expr, { LABEL: 'key' });
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.expr, { LABEL: 'key' });
    });
    this.CONSUME(T.RBracket);
  });
  private primary = this.RULE('primary', () => {
    this.OR(this.cached('primary', () => [
      { ALT: () => this.CONSUME(T.NumberTok, { LABEL: 'number' }) },
      { ALT: () => this.CONSUME(T.PercentTok, { LABEL: 'percent' }) },
      { ALT: () => this.CONSUME(T.StringTok, { LABEL: 'string' }) },
      { ALT: () => this.CONSUME(T.DateTok, { LABEL: 'date' }) },
      { ALT: () => this.CONSUME(K.true, { LABEL: 'true' }) },
      { ALT: () => this.CONSUME(K.false, { LABEL: 'false' }) },
      { ALT: () => this.CONSUME(K.none, { LABEL: 'none' }) },
      { GATE: () => !this.startsStatement(), ALT: () => this.SUBRULE(this.nameOrCall) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expr, { LABEL: 'paren' });
          this.CONSUME(T.RParen);
        },
      },
      { ALT: () => this.SUBRULE(this.setLit) },
      { ALT: () => this.SUBRULE(this.listLit) },
    ]));
  });
  /** `name`, `f(a, b)`, `sum(e for x in src where c)`, `group(e for x in src by k where c)`. */
  private nameOrCall = this.RULE('nameOrCall', () => {
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => {
      this.CONSUME(T.LParen, { LABEL: 'call' });
      this.OPTION2(() => {
        this.SUBRULE(this.expr, { LABEL: 'arg' });
        this.OR([
          {
            ALT: () => {
              this.CONSUME(K.for);
              this.CONSUME2(T.Identifier, { LABEL: 'binder' });
              this.CONSUME(K.in);
              this.SUBRULE2(this.expr, { LABEL: 'source' });
              this.OPTION3(() => {
                this.CONSUME(K.by);
                this.SUBRULE3(this.expr, { LABEL: 'by' });
              });
              this.OPTION4(() => {
                this.CONSUME(K.where);
                this.SUBRULE4(this.expr, { LABEL: 'where' });
              });
            },
          },
          {
            ALT: () =>
              this.MANY(() => {
                this.CONSUME(T.Comma);
                this.SUBRULE5(this.expr, { LABEL: 'arg' });
              }),
          },
        ]);
      });
      this.CONSUME(T.RParen);
    });
  });
  private setLit = this.RULE('setLit', () => {
    this.CONSUME(T.LCurly);
    this.OPTION(() => {
      this.SUBRULE(this.expr, { LABEL: 'item' });
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.expr, { LABEL: 'item' });
      });
    });
    this.CONSUME(T.RCurly);
  });
  private listLit = this.RULE('listLit', () => {
    this.CONSUME(T.LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.expr, { LABEL: 'item' });
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.expr, { LABEL: 'item' });
      });
    });
    this.CONSUME(T.RBracket);
  });
}

/** One parser instance per thread: Chevrotain parsers are reusable and expensive to build. */
let shared: LiangkuParser | undefined;
export function parserInstance(): LiangkuParser {
  shared ??= new LiangkuParser();
  return shared;
}

export type { CstNode, IToken };
