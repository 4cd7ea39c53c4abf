# Builds questions.jsonl from a compact list; follow-ups name their parent by local key.
import json
C="courier_village_hall_fraud.html"; P="long_row_podcast_ep47.html"; R="forkful_kiln_room_review.html"
S="brackenholt_cc_match_report.html"; M="elverstone_pc_minutes_april_2024.pdf"
W="corrandale_living_wheelwright_profile.txt"; G="tanyard_garden_newsletter_june.txt"
O="opinion_route_14_bus.txt"; H="how_to_bleed_a_radiator.md"; F="fieldcast30_user_manual.md"
Q=[
 ("c1",C,"who wrote the story about the village hall treasurer fraud",["Tamsin Greeve"],None),
 ("c2",C,"when did the courier publish the brackenholt hall fraud piece",["Thursday 14 March 2024","14 March 2024"],None),
 ("c3",C,"How much money did the former treasurer take from the hall trust?",["£41,600"],None),
 ("c4",C,"over how many transactions?",["213 separate transfers","213 transfers"],"c3"),
 ("c5",C,"why did he take the cash in the first place",["to cover online gambling losses","debts of more than £30,000 on gambling websites"],None),
 ("c6",C,"what did the judge say to him at sentencing",["You abused the trust of neighbours who had known you for thirty years"],None),
 ("c7",C,"so when is the hall roof now going to be fixed",[],None),
 ("p1",P,"when did the apple detective episode come out",["2 May 2024"],None),
 ("p2",P,"what did ruth tallentire do for a living before apples",["taught chemistry at a secondary school in Dunmarrow","chemistry teacher"],None),
 ("p3",P,"for how long?",["22 years"],"p2"),
 ("p4",P,"how far into the episode does the grafting demo start",["35:30"],None),
 ("p5",P,"What does the guest say about why grafting old varieties matters?",["only as alive as the last person who bothers to graft it","There's no seed bank for apples"],None),
 ("p6",P,"price of a place on her grafting workshop",["£35 per person"],None),
 ("p7",P,"which rootstock does ruth recommend for a small garden",[],None),
 ("r1",R,"what score did forkful give the kiln room",["8/10"],None),
 ("r2",R,"who reviewed the café in the old pottery shed in thornwade",["Priya Castellane"],None),
 ("r3",R,"when was the kiln room review first published",["18 June 2024"],None),
 ("r4",R,"why was it changed afterwards?",["to correct the opening hours"],"r3"),
 ("r5",R,"which part of the score breakdown got the lowest mark",["Service"],None),
 ("r6",R,"what time do the cardamom buns usually run out",["by 11am most days","by 11am"],None),
 ("r7",R,"is there a car park at the kiln room",[],None),
 ("s1",S,"what was the result of brackenholt v saltmere bay",["Brackenholt won by 38 runs","won by 38 runs"],None),
 ("s2",S,"who got player of the match in the saltmere game",["Imran Sattar","Imran"],None),
 ("s3",S,"how many balls did he face",["82 from 97 balls","97 balls"],"s2"),
 ("s4",S,"was that his highest score of the season?",[],"s3"),
 ("s5",S,"best bowling figures for brackenholt in that match",["4-31"],None),
 ("s6",S,"who posted the cricket match report on the club site",["Nadia Orrell"],None),
 ("s7",S,"how big was the crowd at chapel meadow for the saltmere match",[],None),
 ("m1",M,"when was the elverstone parish council meeting held",["Tuesday 16 April 2024"],None),
 ("m2",M,"who is the clerk to the parish council",["Mrs Lorna Pybus","Lorna Pybus"],None),
 ("m3",M,"what did the parish actually spend on grass cutting in 2023/24",["3,480"],None),
 ("m4",M,"which company is getting the job of replacing the climbing frame",["Kestrelmoor Play Ltd"],None),
 ("m5",M,"why pick them if they weren't the cheapest",["it includes a 10-year warranty","10-year warranty"],"m4"),
 ("m6",M,"what did councillors decide about buying a speed indicator sign",["the decision was deferred to the next meeting","deferred to the next meeting"],None),
 ("m7",M,"how much did the new bench at the war memorial cost",[],None),
 ("w1",W,"who wrote the corrandale living feature on the wheelwright",["Felix Ardagh"],None),
 ("w2",W,"how long does it take bryony calloway to build a new cart wheel",["around 80 hours"],None),
 ("w3",W,"how much would a brand new wheel from her cost me",["between £3,800 and £6,500"],None),
 ("w4",W,"Who taught her the trade?",["Wilf Garside"],None),
 ("w5",W,"how long did she work with him",["seven years"],"w4"),
 ("w6",W,"what wood is the hub of a cart wheel made from",["It is turned from elm","elm"],None),
 ("w7",W,"why is it so hard to get hold of now",["Dutch elm disease","killed most of the mature elms"],"w6"),
 ("w8",W,"how many wheels has the wheelwright made in her career so far",[],None),
 ("g1",G,"how much did the community garden's plant sale make",["£1,146"],None),
 ("g2",G,"is that more than last year?",["almost double last year's total of £590","almost double"],"g1"),
 ("g3",G,"why is the polytunnel shut",["storm on the night of 22 May","tore a long split in the polytunnel cover"],None),
 ("g4",G,"when's the tanyard lane garden open day",["Sunday 7 July, 11am to 4pm","Sunday 7 July"],None),
 ("g5",G,"who sends out the tanyard garden newsletter",["Anwen Dray"],None),
 ("g6",G,"how much does it cost to become a member of the community garden",[],None),
 ("g7",G,"what time does the minibus leave for the summer fruit day trip",[],None),
 ("o1",O,"who wrote the opinion piece about the hobbleford bus",["Martha Quenby"],None),
 ("o2",O,"whats the main argument of the column on route 14",["Cutting route 14 is a false economy","false economy"],None),
 ("o3",O,"how much would the council save by getting rid of the bus",["£184,000 a year"],None),
 ("o5",O,"When does the consultation on the bus cut close?",["30 August"],None),
 ("o6",O,"and how do i take part",["You can respond online or at any library in the county","online or at any library in the county"],"o5"),
 ("o7",O,"which company operates the number 14",[],None),
 ("h1",H,"when was the radiator bleeding guide last updated",["3 November 2024"],None),
 ("h2",H,"what should the boiler pressure gauge read",["between 1 and 1.5 bar"],None),
 ("h3",H,"which radiator should i bleed first",["furthest from the boiler on the ground floor"],None),
 ("h4",H,"what tool do you need to bleed a radiator",["radiator bleed key"],None),
 ("h5",H,"how much is one?",["about £2"],"h4"),
 ("h6",H,"my radiator's cold at the bottom but warm at the top, what's causing it",["Sludge build-up"],None),
 ("h7",H,"how much does a plumber charge to bleed radiators",[],None),
 ("f1",F,"how far can the fieldcast 30 outdoor sensor be from the display",["up to 100 m in open field","up to 100 m","30 to 50 m"],None),
 ("f2",F,"which batteries go in the outdoor sensor",["two AA batteries"],None),
 ("f3",F,"what does --.- mean on the weather station screen",["no signal has been received from the sensor"],None),
 ("f4",F,"can i add extra sensors to the weather station",["up to 3 sensors","up to 3"],None),
 ("f5",F,"how much does an extra sensor cost?",[],"f4"),
 ("f6",F,"what warranty comes with the fieldcast",["2-year warranty"],None),
 ("f7",F,"does the fieldcast 30 connect to wifi",[],None),
]
ids={}
import os
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "questions.jsonl"),"w",encoding="utf-8") as out:
    for n,(k,src,q,a,f) in enumerate(Q,1):
        ids[k]=f"q{n}"
        o={"id":f"q{n}","source":src,"question":q,"answers":a}
        if f: o["follows"]=ids[f]
        out.write(json.dumps(o,ensure_ascii=False)+"\n")
print(len(Q))
