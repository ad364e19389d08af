"""The roster's sections: the township, its villages and groups, party organizations, households,
members, cadres, and the reform mapping (撤并前) with the townships and villages before it."""

from __future__ import annotations

from village_gov.core.sections import Child, Ref, Section
from village_gov.ledgers.roster import models

SECTIONS: list[Section] = [
    Section("townships", "townships", models.Township, ("name", "kind")),
    Section("villages", "villages", models.Village, ("name", "township", "kind", "population", "area_km2"),
            refs=(Ref("township", "townships"),)),
    Section("groups", "groups", models.Group, ("name", "village"), refs=(Ref("village", "villages"),)),
    Section("party_orgs", "party_orgs", models.PartyOrg,
            ("name", "level", "village", "group", "parent", "setup", "secretary"),
            refs=(Ref("village", "villages"), Ref("group", "groups"), Ref("parent", "party_orgs"),
                  Ref("secretary", "members"))),
    Section("households", "households", models.Household, ("head", "group", "size", "phone"),
            refs=(Ref("group", "groups"),)),
    Section("members", "members", models.Member,
            ("name", "gender", "born", "joined", "status", "org", "phone", "id_number"),
            refs=(Ref("org", "party_orgs"), Ref("households", "households", many=True)),
            children=(Child("households", "liaisons", "member", "household"),)),
    Section("cadres", "cadres", models.Cadre, ("village", "member", "name", "posts", "since"),
            refs=(Ref("village", "villages"), Ref("member", "members"))),
    Section("reform", "reform", models.Reform, ("name", "effective"), shape="mapping",
            inner=("townships_before", "villages_before")),
    Section("townships_before", "townships_before", models.TownshipBefore, ("reform", "name", "kind"),
            within="reform"),
    Section("villages_before", "villages_before", models.VillageBefore,
            ("reform", "name", "township_before", "population", "area_km2", "party_orgs", "merged_into"),
            refs=(Ref("township_before", "townships_before"), Ref("merged_into", "villages")),
            within="reform"),
]
