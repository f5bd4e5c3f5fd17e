using HftHost.Itch50;
using HftHost.MoldUdp64;
using HftHost.Sdk;

namespace HftHost.Plugins.Itch50;

/// <summary>
/// What <see cref="ItchParser"/> calls for each decoded message: wraps it with where it came
/// from and publishes it, unless nobody subscribes to that type. A struct, so the parser is
/// compiled for it and every call is direct; built on the stack for each MoldUDP64 message.
/// Threading: lives for one <see cref="Itch50Plugin.OnEvent"/> call on the poll thread.
/// </summary>
/// <param name="publishers">The plugin's publishers.</param>
/// <param name="session">MoldUDP64 session of the message.</param>
/// <param name="sequence">Its sequence number.</param>
/// <param name="rxTimestampNs">Receive time of the frame that carried it.</param>
internal readonly struct PublishingVisitor(ItchPublishers publishers, MoldSession session, ulong sequence, long rxTimestampNs) : IItchVisitor
{
    public void On(in SystemEvent message) => Publish(publishers.SystemEvent, in message);

    public void On(in StockDirectory message) => Publish(publishers.StockDirectory, in message);

    public void On(in StockTradingAction message) => Publish(publishers.StockTradingAction, in message);

    public void On(in RegShoRestriction message) => Publish(publishers.RegShoRestriction, in message);

    public void On(in MarketParticipantPosition message) => Publish(publishers.MarketParticipantPosition, in message);

    public void On(in MwcbDeclineLevel message) => Publish(publishers.MwcbDeclineLevel, in message);

    public void On(in MwcbStatus message) => Publish(publishers.MwcbStatus, in message);

    public void On(in IpoQuotingPeriodUpdate message) => Publish(publishers.IpoQuotingPeriodUpdate, in message);

    public void On(in LuldAuctionCollar message) => Publish(publishers.LuldAuctionCollar, in message);

    public void On(in OperationalHalt message) => Publish(publishers.OperationalHalt, in message);

    public void On(in AddOrder message) => Publish(publishers.AddOrder, in message);

    public void On(in AddOrderMpid message) => Publish(publishers.AddOrderMpid, in message);

    public void On(in OrderExecuted message) => Publish(publishers.OrderExecuted, in message);

    public void On(in OrderExecutedWithPrice message) => Publish(publishers.OrderExecutedWithPrice, in message);

    public void On(in OrderCancel message) => Publish(publishers.OrderCancel, in message);

    public void On(in OrderDelete message) => Publish(publishers.OrderDelete, in message);

    public void On(in OrderReplace message) => Publish(publishers.OrderReplace, in message);

    public void On(in Trade message) => Publish(publishers.Trade, in message);

    public void On(in CrossTrade message) => Publish(publishers.CrossTrade, in message);

    public void On(in BrokenTrade message) => Publish(publishers.BrokenTrade, in message);

    public void On(in Noii message) => Publish(publishers.Noii, in message);

    public void On(in RetailPriceImprovement message) => Publish(publishers.RetailPriceImprovement, in message);

    public void On(in DirectListingCapitalRaise message) => Publish(publishers.DirectListingCapitalRaise, in message);

    private void Publish<TMessage>(EventPublisher<ItchEvent<TMessage>> publisher, in TMessage message)
        where TMessage : struct
    {
        // Most deployments want a few types (an order book: A F E C X D U): skip building the rest.
        if (publisher.HasSubscribers)
        {
            publisher.Publish(new ItchEvent<TMessage>(session, sequence, rxTimestampNs, in message));
        }
    }
}
