"""The skeleton page of a new industry: every section and table header, one illustrative row per
table, and HTML comments on what goes where.

Text to replace is written ``<like this>``; ``ecoonto import`` refuses a cell that still holds
such a placeholder and names it. Archetypes, sides and trends are written as valid values to
change, not placeholders.
"""

from __future__ import annotations


def skeleton(name: str) -> str:
    """The skeleton page for the industry ``name`` (e.g. ``"Space launch"``).

    It reads as a page whose placeholders an import names:

    >>> from pathlib import Path
    >>> from ecoonto.authoring.page import read_markdown
    >>> page = read_markdown(Path("space.md"), skeleton("Space  launch"))
    >>> page.title, len(page.tables), len(page.questions)
    ('Space launch Industry Players', 7, 4)
    >>> page.placeholders[0][0].describe(), page.placeholders[0][1]
    ('space.md:12', '<What space launch is, and why its ecosystem matters.>')
    """
    name = " ".join(name.split())
    lower = name[0].lower() + name[1:] if name[:2] != name[:2].upper() else name
    # In a table cell a '|' ends the cell unless written '\\|'.
    cell_name, cell_lower = name.replace("|", "\\|"), lower.replace("|", "\\|")
    return f"""\
<!-- ecoonto page skeleton: {name}.
     Fill in every <placeholder>, keep the headings and table headers as they are, add rows.
     Then:  ecoonto import THIS.md -o MODULE.ttl   (validates with the bundled shapes)
            ecoonto report MODULE.ttl
     A cell may not contain '|' unless written '\\|'. Comments like this one are ignored. -->
# {name} Industry Players

*Who participates in the {lower} community — and what positions does each player fill?*

<!-- One or more paragraphs introducing the industry. A paragraph may end with
     "(Doctrinal anchor: <the idea the map rests on>)". -->
<What {lower} is, and why its ecosystem matters.>

## The Ecosystem

The community has 4 sides:

<!-- The four sides, always these four names, each with one line on who stands there. -->
- **Buyers** — <who buys what this industry offers>
- **Providers** — <who supplies it>
- **Infrastructure** — <what it runs on>
- **Boundary** — <who sets the rules>

<!-- Optional: paragraphs on one player wearing several hats (kept as statements). -->

## Counterparty mapping table

<!-- One row per canonical counterparty: Customers, Suppliers, Employees, Owners, Regulators.
     The second cell lists who they are here, separated by commas; organisations in
     parentheses: "launch providers (SpaceX, Rocket Lab), ground-station operators". -->
| Counterparty (canonical) | {cell_name}-industry expression |
|---|---|
| Customers | <who the customers are, separated by commas> |

## Buyer side — players

<!-- A sentence on the side (optional), then one row per player. Player cell: a kind of player
     with example organisations in parentheses, "Satellite operator (SES, Viasat)", or one
     organisation, "Nvidia". Business units as Unit/Parent: "(AWS/Amazon, Azure)".
     Archetype: one of Dreamer, Realist, Engineer, Coach, Philosopher, or "Primary / Secondary". -->
<What the buyers of this industry buy.>

| Player (WHO) | Position filled — what they buy | Asymmetry they need closed | Archetype |
|---|---|---|---|
| <buyer (Organisation, Organisation)> | <what they buy> | <asymmetry to close> | Realist |

## Provider side — players

<What the providers of this industry supply.>

| Player (WHO) | Position filled — what they provide | Where they compete | Archetype |
|---|---|---|---|
| <providing player (Organisation)> | <what they provide> | <where they compete> | Engineer |

## Infrastructure side — players

<What this industry runs on.>

| Player (WHO) | Position filled — what they provide | Disruption vector | Archetype |
|---|---|---|---|
| <infrastructure player> | <what they provide> | <what disrupts them> | Realist / Engineer |

## Boundary side — players

<!-- The boundary table has no archetype column. -->
<Who sets the rules the other three sides operate inside.>

| Player (WHO) | Position filled — function held | Repeat-player advantage |
|---|---|---|
| <rule-setting body (Agency)> | <the function it holds> | <its repeat-player advantage> |

## The Five Archetypes Across the Community

<!-- For each archetype that shows in this industry: one line of examples, one sentence each. -->
- **Dreamer** — <The founder who believes the next launch changes everything.>

## Positions matrix table

<!-- Positions and how their work is shared between humans and AI. The page does not otherwise
     say on which side a position stands or which way its split moves: the last two columns do
     (Side: Buyers, Providers, Infrastructure or Boundary; Trend: toward AI, toward human,
     stable). They are read as data and not shown again in the regenerated table. -->
| Position | Human today | AI today | Direction (3–5 years) | Side | Trend |
|---|---|---|---|---|---|
| <a position> | <humans today> | <AI today> | <where it heads> | Providers | toward AI |

## Archetype asymmetries table

| Archetype | What they bring | Where they win in {cell_lower} |
|---|---|---|
| Dreamer | <what they bring> | <where they win> |

<!-- Principles: paragraphs after the last table. -->
A healthy {lower} community has all five archetypes present.

## Questions

<!-- The questions the map should answer, numbered. The "Evidence:" line after a question
     names the query that answers it: a bundled one (`ecoonto queries` lists them) or your
     own, given in an editorial file next to the module (docs/authoring.md). -->
### 1. <Which counterparty's perspective is most invisible in this industry?>

Evidence: `ecoonto query q1-invisible-counterparty`.

<!-- Questions 2 and 3 read which theme plays which role in the industry (its emerging and
     incumbent constraints, the cost that may collapse and where value may move): state them
     in an editorial file (docs/modelling.md); until then the answer says what is missing. -->
### 2. If the emerging constraint binds before the incumbent one, who gains leverage?

Evidence: `ecoonto query q2-energy-binding-constraint`.

### 3. When the industry's cost-collapse theme falls to near zero, where does the value move?

Evidence: `ecoonto query q3-inference-cost-collapse`.

### 4. Which archetype is underrepresented on the boundary side — and what does that explain?

Evidence: `ecoonto query q4-boundary-archetype-gap`.
"""
